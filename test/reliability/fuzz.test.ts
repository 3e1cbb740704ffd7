import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import {afterAll, beforeAll, expect, test} from 'vitest';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {resolveConfig} from '../../source/config.js';
import {createReceiver, type Receiver} from '../../source/receiver/server.js';
import {openDatabase, type Db} from '../../source/store/database.js';
import {CAPTURE_NAMES, loadCapture, type CapturedRequest} from '../helpers/captures.js';
import {temporaryDirectory} from '../helpers/cli.js';
import {emptyRecords} from '../helpers/otlp-bodies.js';

const LIMIT = 4 * 1024 * 1024;
const directory = temporaryDirectory();
let receiver: Receiver;
let db: Db;
let port: number;
let consumeErrors = 0;

beforeAll(async () => {
	db = openDatabase(path.join(directory, 'fuzz.db'));
	const config = resolveConfig({db: path.join(directory, 'fuzz.db')}, {});
	const hub = createSessionHub({createEngine: () => createEngine(config)});
	const ingest = createIngest(db, hub, {prices: config.prices});
	receiver = createReceiver({
		host: '127.0.0.1',
		port: 0,
		maxBodyBytes: LIMIT,
		maxDecompressedBytes: LIMIT,
		consume(exported, body, receivedMs) {
			try {
				return ingest.ingest(exported, body, receivedMs);
			} catch (error) {
				consumeErrors++;
				throw error;
			}
		},
	});
	port = (await receiver.start()).port;
});

afterAll(async () => {
	await receiver.close();
	db.close();
	fs.rmSync(directory, {recursive: true, force: true});
});

function mulberry32(seed: number) {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Bounded in `npm test`; CODEXMON_FUZZ_CASES=10000 re-measures (each case may take ~80 ms). */
const FUZZ_CASES = Number(process.env.CODEXMON_FUZZ_CASES ?? 2700);
const FUZZ_SECONDS = process.env.CODEXMON_FUZZ_CASES ? FUZZ_CASES / 12 : 50;

type Case = {name: string; path: string; headers: Record<string, string>; body: Buffer};

/** A protobuf AnyValue nested `depth` arrays deep, inside a valid log request. */
function deepProtobuf(depth: number): Buffer {
	let value = Buffer.from([0x0A, 0x01, 0x78]); // string_value "x"
	for (let level = 0; level < depth; level++) {
		const array = Buffer.concat([Buffer.from([0x0A]), varint(value.length), value]); // ArrayValue.values
		value = Buffer.concat([Buffer.from([0x2A]), varint(array.length), array]); // AnyValue.array_value
	}

	const keyValue = Buffer.concat([Buffer.from([0x0A, 0x01, 0x6B, 0x12]), varint(value.length), value]);
	const record = Buffer.concat([Buffer.from([0x32]), varint(keyValue.length), keyValue]);
	const scope = Buffer.concat([Buffer.from([0x12]), varint(record.length), record]);
	const resource = Buffer.concat([Buffer.from([0x12]), varint(scope.length), scope]);
	return Buffer.concat([Buffer.from([0x0A]), varint(resource.length), resource]);
}

function varint(value: number): Buffer {
	const bytes: number[] = [];
	let rest = value;
	while (rest >= 0x80) {
		bytes.push((rest & 0x7F) | 0x80);
		rest = Math.floor(rest / 128);
	}

	bytes.push(rest);
	return Buffer.from(bytes);
}

/** Every timeUnixNano-like field of a parsed OTLP/JSON body set to `value`. */
function withTimes(value: unknown, time: unknown): unknown {
	if (Array.isArray(value)) {
		return value.map(item => withTimes(item, time));
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, key.endsWith('UnixNano') ? time : withTimes(item, time)]));
	}

	return value;
}

const OUT_OF_RANGE_TIMES = ['1e30', 1e30, '-1', -5, '18446744073709551616', 1.5, 'soon', true, {}] as const;

/** Wrong JSON types the OpenTelemetry Collector refuses: one per case, at a real field of a real body. */
const WRONG_TYPES: ReadonlyArray<(request: Record<string, any>, record: Record<string, any>) => void> = [
	request => {
		request.resourceLogs[0].scopeLogs = 'x';
	},
	(_request, record) => {
		record.traceId = 12;
	},
	(_request, record) => {
		record.attributes = {key: 'a'};
	},
	(_request, record) => {
		record.attributes[0].value = 'plain';
	},
	(_request, record) => {
		record.severityNumber = 'loud';
	},
	request => {
		request.resourceLogs[0].resource = [];
	},
	(_request, record) => {
		record.attributes[0].key = 7;
	},
	request => {
		request.resourceLogs = [{scopeMetrics: 1, scopeLogs: [{logRecords: [{body: {intValue: 'twelve'}}]}]}];
	},
];

function mutateJson(value: unknown, random: () => number): unknown {
	if (Array.isArray(value)) {
		return value.map(item => mutateJson(item, random));
	}

	if (typeof value === 'object' && value !== null) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => {
			const roll = random();
			const replacement = roll < 0.02 ? 42 : (roll < 0.04 ? 'x' : (roll < 0.06 ? null : (roll < 0.08 ? [1, 'two', {}] : (roll < 0.1 ? {nested: true} : undefined))));
			return [key, replacement === undefined ? mutateJson(item, random) : replacement];
		}));
	}

	return value;
}

function* cases(seed: number, count: number): Generator<Case> {
	const random = mulberry32(seed);
	const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
	const requests: CapturedRequest[] = CAPTURE_NAMES.flatMap(name => loadCapture(name)).filter(request => request.body.length < LIMIT);
	const protobuf = requests.filter(request => !request.contentType.includes('json'));
	const json = requests.filter(request => request.contentType.includes('json'));
	const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
	const jsonLogs = json.filter(request => request.signal === 'logs' && request.path === '/v1/logs' && request.body.includes('"attributes"'));
	const amplification = [550_000, 700_000].map(count => zlib.gzipSync(emptyRecords(count)));
	for (let index = 0; index < count; index++) {
		const kind = index % 12;
		const source = kind === 6 ? pick(json) : pick(protobuf);
		const body = Buffer.from(source.body);
		const headers: Record<string, string> = {'content-type': source.contentType};
		let name: string;
		switch (kind) {
			case 0: {
				name = 'bit flips';
				for (let flip = 0; flip < 1 + Math.floor(random() * 8); flip++) {
					const at = Math.floor(random() * body.length);
					body[at]! ^= 1 << Math.floor(random() * 8);
				}

				yield {name, path: source.path, headers, body};
				break;
			}

			case 1: {
				yield {name: 'truncated', path: source.path, headers, body: body.subarray(0, Math.floor(random() * body.length))};
				break;
			}

			case 2: {
				name = 'length prefix corrupted';
				const at = Math.floor(random() * Math.min(body.length, 64));
				body[at] = 0xFF;
				if (at + 1 < body.length) {
					body[at + 1] = 0xFF;
				}

				yield {name, path: source.path, headers, body};
				break;
			}

			case 3: {
				yield {name: 'deep protobuf nesting', path: '/v1/logs', headers: {'content-type': 'application/x-protobuf'}, body: deepProtobuf(200 + Math.floor(random() * 2000))};
				break;
			}

			case 4: {
				const depth = 1000 + Math.floor(random() * 20_000);
				const nested = `${'{"kvlistValue":{"values":[{"key":"k","value":'.repeat(depth)}{"stringValue":"x"}${'}]}}'.repeat(depth)}`;
				yield {name: 'deep JSON nesting', path: '/v1/logs', headers: {'content-type': 'application/json'}, body: Buffer.from(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"event.name","value":${nested}}]}]}]}]}`)};
				break;
			}

			case 5: {
				const huge = 'A'.repeat(1_000_000 + Math.floor(random() * 2_000_000));
				yield {name: 'huge string', path: '/v1/logs', headers: {'content-type': 'application/json'}, body: Buffer.from(JSON.stringify({resourceLogs: [{scopeLogs: [{logRecords: [{attributes: [{key: 'event.name', value: {stringValue: 'codex.tool_result'}}, {key: 'conversation.id', value: {stringValue: `fuzz-${index}`}}, {key: 'output', value: {stringValue: huge}}]}]}]}]}))};
				break;
			}

			case 6: {
				yield {name: 'wrong JSON types', path: source.path, headers, body: Buffer.from(JSON.stringify(mutateJson(JSON.parse(source.body.toString('utf8')), random)))};
				break;
			}

			case 7: {
				name = 'invalid UTF-8';
				for (let spot = 0; spot < 4; spot++) {
					const at = Math.floor(random() * (body.length - 2));
					body[at] = 0xC3;
					body[at + 1] = 0x28;
				}

				yield {name, path: source.path, headers, body};
				break;
			}

			case 9: {
				yield {name: 'amplification', path: '/v1/logs', headers: {'content-type': 'application/x-protobuf', 'content-encoding': 'gzip'}, body: pick(amplification)};
				break;
			}

			case 10: {
				const logs = pick(jsonLogs);
				yield {name: 'timestamp out of range', path: logs.path, headers: {'content-type': logs.contentType}, body: Buffer.from(JSON.stringify(withTimes(JSON.parse(logs.body.toString('utf8')), pick(OUT_OF_RANGE_TIMES))))};
				break;
			}

			case 11: {
				const logs = pick(jsonLogs);
				const request = JSON.parse(logs.body.toString('utf8')) as Record<string, any>;
				const record = (request.resourceLogs as Array<Record<string, any>>).flatMap(resource => resource.scopeLogs as Array<Record<string, any>>).flatMap(scope => scope.logRecords as Array<Record<string, any>>).find(item => Array.isArray(item.attributes) && item.attributes.length > 0)!;
				pick(WRONG_TYPES)(request, record);
				yield {name: 'wrong type', path: logs.path, headers: {'content-type': logs.contentType}, body: Buffer.from(JSON.stringify(request))};
				break;
			}

			default: {
				yield {name: 'gzip bomb', path: source.path, headers: {...headers, 'content-encoding': 'gzip'}, body: bomb};
			}
		}
	}
}

test('thousands of mutated real bodies: every one answered 200 or 4xx, the server never crashes or hangs, memory stays bounded', async () => {
	const agent = new http.Agent({keepAlive: true, maxSockets: 4});
	const statuses = new Map<string, Map<number, number>>();
	const rssBefore = process.memoryUsage().rss;
	const deadline = Date.now() + FUZZ_SECONDS * 1000;
	let sent = 0;
	for (const fuzzCase of cases(7, FUZZ_CASES)) {
		if (Date.now() > deadline) {
			break;
		}

		const status = await new Promise<number>((resolve, reject) => {
			const outgoing = http.request({host: '127.0.0.1', port, path: fuzzCase.path, method: 'POST', agent, timeout: 10_000, headers: {...fuzzCase.headers, 'content-length': fuzzCase.body.length}}, response => {
				response.resume();
				response.on('end', () => {
					resolve(response.statusCode ?? 0);
				});
			});
			outgoing.on('timeout', () => {
				outgoing.destroy(new Error(`${fuzzCase.name}: no answer in 10 s`));
			});
			outgoing.on('error', error => {
				// A refused oversize body may close the socket while we still write: that is an answer too.
				if ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE') {
					resolve(413);
				} else {
					reject(error);
				}
			});
			outgoing.end(fuzzCase.body);
		});
		const byName = statuses.get(fuzzCase.name) ?? new Map<number, number>();
		byName.set(status, (byName.get(status) ?? 0) + 1);
		statuses.set(fuzzCase.name, byName);
		sent++;
	}

	agent.destroy();
	const summary = Object.fromEntries([...statuses].map(([name, counts]) => [name, Object.fromEntries(counts)]));
	if (process.env.CODEXMON_FUZZ_CASES) {
		process.stderr.write(`fuzz: ${sent} cases, ${JSON.stringify(summary)}\n`);
	}

	expect(sent, JSON.stringify(summary)).toBeGreaterThan(1000);
	for (const counts of statuses.values()) {
		for (const status of counts.keys()) {
			expect([200, 400, 413, 415], JSON.stringify(summary)).toContain(status);
		}
	}

	expect(consumeErrors).toBe(0);
	expect(statuses.get('gzip bomb')?.get(413)).toBeGreaterThan(0);
	// Refused, every one, and for the right reason: too much work is 413, a wrong value 400.
	expect(Object.keys(summary.amplification!)).toEqual(['413']);
	expect(Object.keys(summary['timestamp out of range']!)).toEqual(['400']);
	expect(Object.keys(summary['wrong type']!)).toEqual(['400']);
	const healthy = loadCapture('exec-tool')[0]!;
	const after = await new Promise<number>(resolve => {
		const outgoing = http.request({host: '127.0.0.1', port, path: healthy.path, method: 'POST', headers: {'content-type': healthy.contentType}}, response => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		outgoing.end(healthy.body);
	});
	expect(after).toBe(200);
	expect(process.memoryUsage().rss - rssBefore).toBeLessThan(600 * 1024 * 1024);
}, (FUZZ_SECONDS + 40) * 1000);
