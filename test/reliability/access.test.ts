import net from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {createReceiver, type Receiver} from '../../source/receiver/server.js';
import {loadCapture} from '../helpers/captures.js';
import {runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {request} from '../helpers/http.js';

const logs = loadCapture('exec-tool').find(captured => captured.signal === 'logs')!;
const protobuf = {'content-type': 'application/x-protobuf'};

describe('with a token', () => {
	let receiver: Receiver;
	let base: string;
	beforeAll(async () => {
		receiver = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 22, maxDecompressedBytes: 1 << 22, access: {token: 's3cret-token'}, consume() {}});
		base = `http://127.0.0.1:${(await receiver.start()).port}`;
	});
	afterAll(async () => receiver.close());

	test.each([
		['no Authorization', {}, 401],
		['a wrong token', {authorization: 'Bearer s3cret-tokeN'}, 401],
		['a token of another scheme', {authorization: 'Basic s3cret-token'}, 401],
		['the token', {authorization: 'Bearer s3cret-token'}, 200],
	] as const)('%s → %s', async (_name, headers, status) => {
		const result = await request(`${base}/v1/logs`, {headers: {...protobuf, ...headers}, body: logs.body});
		expect(result.status).toBe(status);
		if (status === 401) {
			expect(result.headers['www-authenticate']).toBe('Bearer');
		}
	});
});

describe('browsers', () => {
	let receiver: Receiver;
	let base: string;
	beforeAll(async () => {
		receiver = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 22, maxDecompressedBytes: 1 << 22, consume() {}});
		base = `http://127.0.0.1:${(await receiver.start()).port}`;
	});
	afterAll(async () => receiver.close());

	test('a request with an Origin is refused, with no CORS header', async () => {
		const result = await request(`${base}/v1/logs`, {headers: {...protobuf, origin: 'https://evil.example'}, body: logs.body});
		expect(result.status).toBe(403);
		expect(result.headers['access-control-allow-origin']).toBeUndefined();
	});

	test('a CORS preflight is refused', async () => {
		const result = await request(`${base}/v1/logs`, {method: 'OPTIONS', headers: {origin: 'https://evil.example', 'access-control-request-method': 'POST'}});
		expect(result.status).toBe(403);
		expect(result.headers['access-control-allow-origin']).toBeUndefined();
	});
});

test('a client that stalls in its headers is cut off, and others are served meanwhile', async () => {
	const receiver = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 22, maxDecompressedBytes: 1 << 22, consume() {}, timeouts: {headersMs: 600, requestMs: 1200, keepAliveMs: 500}});
	const {port} = await receiver.start();
	try {
		const stalled = net.connect(port, '127.0.0.1');
		const closed = new Promise<string>(resolve => {
			let data = '';
			stalled.on('data', chunk => {
				data += chunk.toString();
			});
			stalled.on('close', () => {
				resolve(data);
			});
		});
		stalled.write('POST /v1/logs HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-');
		const served = await request(`http://127.0.0.1:${port}/v1/logs`, {headers: protobuf, body: logs.body});
		expect(served.status).toBe(200);
		expect(await closed).toMatch(/^(HTTP\/1\.1 408|$)/);
	} finally {
		await receiver.close();
	}
});

describe('binding beyond loopback', () => {
	test('warns without a token, and not with one', async () => {
		const directory = temporaryDirectory();
		const open = await startServe(['--host', '0.0.0.0', '--db', `${directory}/a.db`]);
		await open.stop();
		expect(open.output()).toMatch(/warning: listening on 0\.0\.0\.0 without a token/);
		const closed = await startServe(['--host', '0.0.0.0', '--token', 'x', '--db', `${directory}/b.db`]);
		await closed.stop();
		expect(closed.output()).not.toMatch(/warning/);
	});

	test('a taken port names both remedies, exit 1, no stack trace', async () => {
		const directory = temporaryDirectory();
		const first = await startServe(['--db', `${directory}/c.db`]);
		try {
			const second = runCli(['serve', '--port', String(first.port), '--db', `${directory}/d.db`]);
			expect(second.status).toBe(1);
			expect(second.stderr).toMatch(/already in use: another codexmon may be running, or choose another port with --port/);
			expect(second.stderr).not.toMatch(/\n\s+at /);
		} finally {
			await first.stop();
		}
	});
});
