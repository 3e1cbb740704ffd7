import fs from 'node:fs';
import http from 'node:http';
import http2 from 'node:http2';
import path from 'node:path';
import zlib from 'node:zlib';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {createGrpcReceiver, type GrpcReceiver} from '../../source/receiver/grpc-server.js';
import {createReceiver, type Receiver} from '../../source/receiver/server.js';
import {loadCapture} from '../helpers/captures.js';
import {runCli, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {request} from '../helpers/http.js';
import {emptyRecords, malformedMetricPoint} from '../helpers/otlp-bodies.js';
import {sdkTransport} from '../helpers/sdk-grpc.js';

const directory = temporaryDirectory();
let served: Served;
const db = path.join(directory, 'boundary.db');
const jsonLogs = loadCapture('exec-tool-json-redacted').find(captured => captured.signal === 'logs' && captured.body.includes('"timeUnixNano"'))!;
const protobufLogs = loadCapture('exec-tool').find(captured => captured.signal === 'logs')!;

beforeAll(async () => {
	served = await startServe(['--db', db]);
});

afterAll(async () => {
	await served.stop();
	fs.rmSync(directory, {recursive: true, force: true});
});

const post = async (signalPath: string, body: Buffer | string, headers: Record<string, string>) => request(`${served.url}${signalPath}`, {headers, body});

describe('the work per request is bounded, not only its bytes', () => {
	test('64 KB of gzip holding millions of empty log records is refused with 413 at once, and others are served meanwhile', async () => {
		const bomb = zlib.gzipSync(emptyRecords(3_000_000));
		expect(bomb.length).toBeLessThan(64 * 1024);
		const [refused, healthy] = await Promise.all([
			post('/v1/logs', bomb, {'content-type': 'application/x-protobuf', 'content-encoding': 'gzip'}),
			post(protobufLogs.path, protobufLogs.body, {'content-type': protobufLogs.contentType}),
		]);
		expect(refused.status).toBe(413);
		expect(refused.body.toString()).toMatch(/more than 500000 records/);
		expect(healthy.status).toBe(200);
	});

	test('the same as OTLP/JSON, counted before it is parsed', async () => {
		const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[${Array.from({length: 600_000}, () => '{}').join(',')}]}]}]}`;
		const refused = await post('/v1/logs', zlib.gzipSync(body), {'content-type': 'application/json', 'content-encoding': 'gzip'});
		expect(refused.status).toBe(413);
	});

	test('over OTLP/gRPC it is RESOURCE_EXHAUSTED', async () => {
		const transport = sdkTransport(served.grpcPort!, 'logs');
		const result = await transport.send(emptyRecords(600_000), 10_000);
		transport.shutdown();
		expect(result.error?.code).toBe(8);
	});
});

describe('numbers and types are checked at the boundary', () => {
	const withTime = (time: unknown) => {
		const request = JSON.parse(jsonLogs.body.toString('utf8')) as {resourceLogs: Array<{scopeLogs: Array<{logRecords: Array<Record<string, unknown>>}>}>};
		request.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!.timeUnixNano = time;
		return JSON.stringify(request);
	};

	test.each(['1e30', 1e30, '18446744073709551616', '-1', 1.5])('timeUnixNano %j is 400, and the conversation still takes its real records', async time => {
		const refused = await post(jsonLogs.path, withTime(time), {'content-type': 'application/json'});
		expect(refused.status).toBe(400);
		expect(refused.body.toString()).toMatch(/timeUnixNano must be an integer/);
		expect((await post(jsonLogs.path, jsonLogs.body, {'content-type': 'application/json'})).status).toBe(200);
	});

	test('wrong JSON types are 400, as the Collector answers', async () => {
		for (const body of ['{"resourceLogs":[{"scopeLogs":"x"}]}', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":12}]}]}]}', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":{"key":"a"}}]}]}]}']) {
			const answer = await post('/v1/logs', body, {'content-type': 'application/json'});
			expect(answer.status, body).toBe(400);
		}

		const metrics = await post('/v1/metrics', '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"asDouble":{},"timeUnixNano":"x"}]}}]}]}]}', {'content-type': 'application/json'});
		expect(metrics.status).toBe(400);
	});

	test('a malformed metric point is 400 over protobuf too, though ingest only counts points', async () => {
		expect((await post('/v1/metrics', malformedMetricPoint(), {'content-type': 'application/x-protobuf'})).status).toBe(400);
	});

	test('every session still lists and shows after all of that', () => {
		const listed = runCli(['sessions', '--json', '--db', db]);
		expect(listed.status).toBe(0);
		const sessions = JSON.parse(listed.stdout) as Array<{conversationId: string}>;
		for (const session of sessions) {
			expect(runCli(['show', session.conversationId, '--db', db]).status).toBe(0);
		}
	});
});

describe('answers a client can act on', () => {
	test('an upload past the limit reads its 413 instead of a broken pipe', async () => {
		const receiver: Receiver = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, maxDecompressedBytes: 1 << 20, consume() {}});
		const {port} = await receiver.start();
		try {
			for (const declared of [true, false]) {
				// The whole upload goes out without a broken pipe or a reset, and the answer is read.
				const status = await new Promise<number>((resolve, reject) => {
					let answered: number | undefined;
					let finished = false;
					const done = () => {
						if (answered !== undefined && finished) {
							resolve(answered);
						}
					};

					const outgoing = http.request({host: '127.0.0.1', port, path: '/v1/logs', method: 'POST', headers: {'content-type': 'application/x-protobuf', ...(declared ? {'content-length': String(16 << 20)} : {})}}, response => {
						response.resume();
						answered = response.statusCode ?? 0;
						response.once('end', done);
					});
					outgoing.on('error', reject);
					outgoing.on('finish', () => {
						finished = true;
						done();
					});
					const chunk = Buffer.alloc(256 * 1024);
					let sent = 0;
					const write = () => {
						while (sent < 64) {
							sent++;
							if (!outgoing.write(chunk)) {
								outgoing.once('drain', write);
								return;
							}
						}

						outgoing.end();
					};

					write();
				});
				expect(status, declared ? 'with Content-Length' : 'chunked').toBe(413);
			}
		} finally {
			await receiver.close();
		}
	});

	test('a 503 says when to retry', async () => {
		const receiver: Receiver = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 22, maxDecompressedBytes: 1 << 22, consume() {
			throw new Error('database or disk is full');
		}});
		const {port} = await receiver.start();
		try {
			const answer = await request(`http://127.0.0.1:${port}/v1/logs`, {headers: {'content-type': protobufLogs.contentType}, body: protobufLogs.body});
			expect(answer.status).toBe(503);
			expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
		} finally {
			await receiver.close();
		}
	});

	test('a gRPC call whose message never finishes is cut after the deadline, and other calls are served', async () => {
		const receiver: GrpcReceiver = createGrpcReceiver({host: '127.0.0.1', port: 0, maxMessageBytes: 1 << 20, consume() {}, timeouts: {connectionAgeMs: 300, connectionAgeGraceMs: 300}});
		const port = await receiver.start();
		const session = http2.connect(`http://127.0.0.1:${port}`);
		try {
			const stream = session.request({':method': 'POST', ':path': '/opentelemetry.proto.collector.logs.v1.LogsService/Export', 'content-type': 'application/grpc', te: 'trailers'});
			// A message header announcing 1000 bytes, then 3 of them, and nothing more.
			stream.write(Buffer.from([0, 0, 0, 0x03, 0xE8, 1, 2, 3]));
			const startedMs = Date.now();
			await new Promise<void>(resolve => {
				stream.on('close', resolve);
				stream.on('error', () => {});
				stream.resume();
			});
			expect(Date.now() - startedMs).toBeLessThan(20_000);
			const transport = sdkTransport(port, 'logs');
			expect((await transport.send(protobufLogs.body, 5000)).status).toBe('success');
			transport.shutdown();
		} finally {
			session.destroy();
			await receiver.close();
		}
	});
});
