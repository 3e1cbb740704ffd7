import net from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {UpstreamStats} from '../../source/forward/upstream.js';
import {loadCapture, type CaptureName} from '../helpers/captures.js';
import {postCapture, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {pollUntil} from '../helpers/poll.js';
import {receiverStatus} from '../helpers/receiver-status.js';
import {storeContents} from '../helpers/store-contents.js';
import {freePort} from '../helpers/ports.js';

const directory = temporaryDirectory();
const running: Served[] = [];
let databases = 0;

async function serve(args: string[], options: {port?: number} = {}): Promise<Served & {db: string}> {
	const db = path.join(directory, `${++databases}.db`);
	const served = await startServe(['--db', db, ...args], options);
	running.push(served);
	return {...served, db};
}

afterEach(async () => {
	await Promise.all(running.splice(0).map(async served => served.process.exitCode === null ? served.stop() : undefined));
});

async function postAll(url: string, names: CaptureName[]): Promise<number> {
	let requests = 0;
	for (const name of names) {
		const capture = loadCapture(name);
		await postCapture(url, capture);
		requests += capture.length;
	}

	return requests;
}

async function upstreamOf(served: Served, token?: string): Promise<UpstreamStats> {
	return (await receiverStatus(served.url, token)).forward[0]!;
}

/** Waits until the upstream has every request: sent, nothing waiting. */
async function waitUntilSent(served: Served, count: number): Promise<UpstreamStats> {
	return pollUntil(async () => {
		const upstream = await upstreamOf(served);
		return upstream.sent === count && upstream.queued === 0 ? upstream : undefined;
	}, {what: `${count} requests forwarded`, state: async () => upstreamOf(served), timeoutMs: 40_000});
}

describe('--forward to an OTLP/HTTP upstream', () => {
	test('every request reaches the upstream unchanged, with the configured header: both stores hold the same sessions', async () => {
		const upstream = await serve(['--no-grpc', '--token', 'team-token']);
		const local = await serve(['--no-grpc', '--forward', upstream.url, '--forward-header', 'Authorization=Bearer team-token']);
		const requests = await postAll(local.url, ['exec-tool', 'exec-loop-json', 'exec-subagent']);
		const stats = await waitUntilSent(local, requests);
		expect(stats).toMatchObject({failed: 0, dropped: 0, retries: 0, lastError: null});
		expect((await receiverStatus(upstream.url, 'team-token')).stats).toMatchObject({requests, rejectedRequests: 0, decodeErrors: 0});
		const localContents = storeContents(local.db);
		expect(localContents.sessions.length).toBeGreaterThanOrEqual(4);
		expect(storeContents(upstream.db)).toEqual(localContents);
	}, 90_000);

	test('an upstream that is down at first gets everything once it comes back on the same port', async () => {
		const port = await freePort();
		const local = await serve(['--no-grpc', '--forward', `http://127.0.0.1:${port}`]);
		const requests = await postAll(local.url, ['exec-subagent', 'exec-tool']);
		// Local ingest does not wait for the upstream: every request is stored and acknowledged already.
		expect((await receiverStatus(local.url)).stats.requests).toBe(requests);
		const waiting = await pollUntil(async () => {
			const upstream = await upstreamOf(local);
			return upstream.retries >= 1 ? upstream : undefined;
		}, {what: 'a failed attempt', state: async () => upstreamOf(local)});
		expect(waiting).toMatchObject({sent: 0, queued: requests, failing: true, dropped: 0, lastError: expect.stringMatching(/ECONNREFUSED/)});

		const upstream = await serve(['--no-grpc'], {port});
		const stats = await waitUntilSent(local, requests);
		expect(stats).toMatchObject({failed: 0, dropped: 0, failing: false});
		expect((await receiverStatus(upstream.url)).stats.requests).toBe(requests);
		expect(storeContents(upstream.db)).toEqual(storeContents(local.db));
	}, 90_000);

	test('an upstream that accepts connections but never answers does not hold up local acknowledgements', async () => {
		const hung: net.Socket[] = [];
		const blackHole = net.createServer(socket => hung.push(socket));
		await new Promise<void>(resolve => blackHole.listen(0, '127.0.0.1', resolve));
		try {
			const local = await serve(['--no-grpc', '--forward', `http://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`]);
			// Each send to the black hole waits 10 s for its timeout; every local answer comes before that.
			const requests = await postAll(local.url, ['exec-tool', 'exec-subagent']);
			expect((await receiverStatus(local.url)).stats).toMatchObject({requests, storeErrors: 0});
			expect(await upstreamOf(local)).toMatchObject({sent: 0, queued: requests, dropped: 0});
			await pollUntil(() => hung.length > 0 || undefined, {what: 'the forwarder to connect to the black hole'});
		} finally {
			for (const socket of hung) {
				socket.destroy();
			}

			blackHole.close();
		}
	}, 60_000);

	test('past the queue bound requests are dropped and counted; those within it arrive once the upstream is back', async () => {
		const port = await freePort();
		const bound = 200 * 1024;
		const local = await serve(['--no-grpc', '--forward', `http://127.0.0.1:${port}`, '--forward-queue', '200KiB']);
		const requests = await postAll(local.url, ['exec-tool']);
		const full = await pollUntil(async () => {
			const upstream = await upstreamOf(local);
			return upstream.queued + upstream.dropped === requests && upstream.retries >= 1 ? upstream : undefined;
		}, {what: 'every request queued or dropped', state: async () => upstreamOf(local)});
		expect(full.dropped).toBeGreaterThan(0);
		expect(full.queued).toBeGreaterThan(0);
		expect(full.queuedBytes).toBeLessThanOrEqual(bound);

		const upstream = await serve(['--no-grpc'], {port});
		await waitUntilSent(local, full.queued);
		expect((await receiverStatus(upstream.url)).stats.requests).toBe(full.queued);
		expect(await local.stop()).toBe(0);
		expect(local.output()).toContain(`codexmon forwarded to http://127.0.0.1:${port}: ${full.queued} sent, 0 left unsent, 0 failed, ${full.dropped} dropped`);
	}, 90_000);

	test('an upstream that refuses the request (401) is counted as failed, not retried, and local ingest is unaffected', async () => {
		const upstream = await serve(['--no-grpc', '--token', 'right']);
		const local = await serve(['--no-grpc', '--forward', upstream.url]);
		const requests = await postAll(local.url, ['exec-tool']);
		const stats = await pollUntil(async () => {
			const state = await upstreamOf(local);
			return state.failed === requests ? state : undefined;
		}, {what: 'every request failed', state: async () => upstreamOf(local)});
		expect(stats).toMatchObject({sent: 0, queued: 0, retries: 0, lastError: expect.stringMatching(/^HTTP 401/)});
		expect((await receiverStatus(local.url)).stats).toMatchObject({requests, storeErrors: 0});
	}, 60_000);
});

describe('--forward grpc:// to an OTLP/gRPC upstream', () => {
	test('protobuf and JSON requests (re-encoded) reach the upstream\'s gRPC port with the header as metadata', async () => {
		const upstream = await serve(['--token', 'grpc-team']);
		const local = await serve(['--no-grpc', '--forward', `grpc://127.0.0.1:${upstream.grpcPort}`, '--forward-header', 'authorization=Bearer grpc-team']);
		const requests = await postAll(local.url, ['exec-tool', 'exec-loop-json']);
		const stats = await waitUntilSent(local, requests);
		expect(stats).toMatchObject({failed: 0, dropped: 0, lastError: null});
		expect((await receiverStatus(upstream.url, 'grpc-team')).stats).toMatchObject({requests, rejectedRequests: 0});
		const localContents = storeContents(local.db);
		expect(localContents.sessions.length).toBeGreaterThanOrEqual(2);
		expect(storeContents(upstream.db)).toEqual(localContents);
	}, 90_000);

	test('a gRPC upstream that is down at first gets everything once it listens again', async () => {
		const port = await freePort();
		const local = await serve(['--no-grpc', '--forward', `grpc://127.0.0.1:${port}`]);
		const requests = await postAll(local.url, ['exec-tool']);
		await pollUntil(async () => {
			const upstream = await upstreamOf(local);
			return upstream.retries >= 1 ? upstream : undefined;
		}, {what: 'a failed attempt', state: async () => upstreamOf(local)});
		expect(await upstreamOf(local)).toMatchObject({sent: 0, queued: requests, failing: true, lastError: expect.stringMatching(/^gRPC UNAVAILABLE/)});

		const upstream = await serve(['--grpc-port', String(port)]);
		expect(upstream.grpcPort).toBe(port);
		await waitUntilSent(local, requests);
		expect(storeContents(upstream.db)).toEqual(storeContents(local.db));
	}, 90_000);
});
