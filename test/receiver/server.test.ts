import zlib from 'node:zlib';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {OtlpExport} from '../../source/otlp/types.js';
import {createReceiver, type Receiver} from '../../source/receiver/server.js';
import {loadCapture} from '../helpers/captures.js';
import {request} from '../helpers/http.js';

const LIMIT = 4 * 1024 * 1024;
const received: OtlpExport[] = [];
let receiver: Receiver;
let base: string;

beforeAll(async () => {
	receiver = createReceiver({
		host: '127.0.0.1',
		port: 0,
		maxBodyBytes: LIMIT,
		maxDecompressedBytes: 2 * LIMIT,
		consume(exported) {
			received.push(exported);
		},
	});
	const address = await receiver.start();
	base = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
	await receiver.close();
});

const logs = loadCapture('exec-tool').find(captured => captured.signal === 'logs')!;
const jsonTraces = loadCapture('exec-tool-json-redacted').find(captured => captured.signal === 'traces')!;

const countRecords = (exported: OtlpExport) => exported.signal === 'logs' ? exported.request.resourceLogs?.[0]?.scopeLogs?.[0]?.logRecords?.length : undefined;

describe('valid exports', () => {
	test('protobuf logs get 200 with an empty protobuf body', async () => {
		const result = await request(`${base}/v1/logs`, {headers: {'content-type': 'application/x-protobuf'}, body: logs.body});
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/x-protobuf');
		expect(result.body.length).toBe(0);
		expect(received.at(-1)!.signal).toBe('logs');
	});

	test('JSON traces get 200 with {}', async () => {
		const result = await request(`${base}/v1/traces`, {headers: {'content-type': 'application/json'}, body: jsonTraces.body});
		expect(result.status).toBe(200);
		expect(result.body.toString()).toBe('{}');
		expect(received.at(-1)!.signal).toBe('traces');
	});

	test.each(['gzip', 'deflate'])('a %s body is decompressed', async encoding => {
		const body = encoding === 'gzip' ? zlib.gzipSync(logs.body) : zlib.deflateSync(logs.body);
		const result = await request(`${base}/v1/logs`, {headers: {'content-type': 'application/x-protobuf', 'content-encoding': encoding}, body});
		expect(result.status).toBe(200);
		expect(countRecords(received.at(-1)!)).toBeGreaterThan(0);
	});

	test.each([
		['/', 'application/x-protobuf', 'logs', () => logs.body],
		['/otlp', 'application/json', 'traces', () => jsonTraces.body],
	] as const)('a body posted to %s is told apart by its payload', async (path, contentType, signal, body) => {
		const result = await request(`${base}${path}`, {headers: {'content-type': contentType}, body: body()});
		expect(result.status).toBe(200);
		expect(received.at(-1)!.signal).toBe(signal);
	});

	test('protobuf traces and metrics posted to / are told apart too', async () => {
		for (const captured of loadCapture('exec-tool').filter(item => item.signal !== 'logs')) {
			const result = await request(`${base}/`, {headers: {'content-type': 'application/x-protobuf'}, body: captured.body});
			expect(result.status).toBe(200);
			expect(received.at(-1)!.signal).toBe(captured.signal);
		}
	});
});

describe('invalid requests', () => {
	const protobuf = {'content-type': 'application/x-protobuf'};
	const json = {'content-type': 'application/json'};
	test.each([
		['truncated protobuf', {headers: protobuf, body: logs.body.subarray(0, logs.body.length - 7)}, 400],
		['garbage protobuf', {headers: protobuf, body: Buffer.from('this is not a protobuf message at all \u00FF\u00FE')}, 400],
		['garbage JSON', {headers: json, body: '{"resourceLogs": ['}, 400],
		['JSON of the wrong type', {headers: json, body: '[1, 2, 3]'}, 400],
		['JSON with resourceLogs not an array', {headers: json, body: '{"resourceLogs": {"a": 1}}'}, 400],
		['wrong content type', {headers: {'content-type': 'text/plain'}, body: 'hello'}, 415],
		['unknown content encoding', {headers: {...protobuf, 'content-encoding': 'br'}, body: logs.body}, 415],
		['bad gzip', {headers: {...protobuf, 'content-encoding': 'gzip'}, body: Buffer.from('not gzip at all')}, 400],
		['oversized body', {headers: protobuf, body: Buffer.alloc(LIMIT + 1)}, 413],
		['gzip bomb', {headers: {...protobuf, 'content-encoding': 'gzip'}, body: zlib.gzipSync(Buffer.alloc(3 * LIMIT))}, 413],
		['GET', {method: 'GET', headers: protobuf}, 405],
	] as const)('%s → %s, and the server keeps serving', async (_name, options, status) => {
		const result = await request(`${base}/v1/logs`, options as Parameters<typeof request>[1]);
		expect(result.status).toBe(status);
		if (status === 405) {
			expect(result.headers.allow).toBe('POST');
		}

		const after = await request(`${base}/v1/logs`, {headers: protobuf, body: logs.body});
		expect(after.status).toBe(200);
	});

	test('an error body is a Status in the request encoding', async () => {
		const result = await request(`${base}/v1/logs`, {headers: json, body: 'nope'});
		expect(result.status).toBe(400);
		expect(JSON.parse(result.body.toString())).toMatchObject({code: 3, message: expect.stringContaining('JSON')});
	});

	test('a consumer failure is a 503, not a crash', async () => {
		const failing = createReceiver({
			host: '127.0.0.1',
			port: 0,
			maxBodyBytes: LIMIT,
			maxDecompressedBytes: LIMIT,
			consume() {
				throw new Error('disk full');
			},
		});
		const address = await failing.start();
		try {
			const result = await request(`http://127.0.0.1:${address.port}/v1/logs`, {headers: protobuf, body: logs.body});
			expect(result.status).toBe(503);
			expect(result.body.length).toBeGreaterThan(0);
		} finally {
			await failing.close();
		}
	});
});

test('a taken port is a clear error', async () => {
	const address = await createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: LIMIT, maxDecompressedBytes: LIMIT, consume() {}}).start();
	const second = createReceiver({host: '127.0.0.1', port: address.port, maxBodyBytes: LIMIT, maxDecompressedBytes: LIMIT, consume() {}});
	await expect(second.start()).rejects.toThrow(/already in use.*--port/);
});
