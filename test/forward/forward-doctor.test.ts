import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {pollUntil} from '../helpers/poll.js';
import {receiverStatus} from '../helpers/receiver-status.js';
import {freePort} from '../helpers/ports.js';

type Check = {name: string; status: string; detail: string; fix?: string};

const directory = temporaryDirectory();
const running: Served[] = [];

afterAll(async () => {
	await Promise.all(running.map(async served => served.process.exitCode === null ? served.stop() : undefined));
});

function doctor(args: string[], codexHome: string): Check[] {
	return JSON.parse(runCli(['doctor', '--json', ...args], {env: {CODEX_HOME: codexHome}}).stdout) as Check[];
}

describe('codexmon doctor and forwarding', () => {
	test('reports the running codexmon\'s gRPC port and its live forward counts; a Codex otlp-grpc exporter on that port is ok', async () => {
		const down = await freePort();
		const served = await startServe(['--db', path.join(directory, 'a.db'), '--forward', `http://127.0.0.1:${down}`]);
		running.push(served);
		const requests = loadCapture('exec-tool');
		await postCapture(served.url, requests);
		await pollUntil(async () => (await receiverStatus(served.url)).forward[0]!.retries > 0 || undefined, {what: 'a failed forward'});

		const home = path.join(directory, 'codex-home');
		fs.mkdirSync(home);
		const exporter = (key: string) => `[otel.${key}.otlp-grpc]\nendpoint = "http://127.0.0.1:${served.grpcPort}"\n`;
		fs.writeFileSync(path.join(home, 'config.toml'), ['exporter', 'trace_exporter', 'metrics_exporter'].map(key => exporter(key)).join(''));
		const checks = doctor(['--port', String(served.port), '--db', path.join(directory, 'a.db')], home);
		expect(checks.find(check => check.name === 'OTLP/gRPC')).toMatchObject({status: 'ok', detail: `the running codexmon receives OTLP/gRPC on 127.0.0.1:${served.grpcPort}`});
		expect(checks.find(check => check.name === 'Codex trace_exporter')).toMatchObject({status: 'ok', detail: expect.stringContaining('(OTLP/gRPC)')});
		expect(checks.find(check => check.name === `Forward http://127.0.0.1:${down}`)).toMatchObject({
			status: 'warn',
			detail: expect.stringMatching(new RegExp(`^running codexmon: 0 sent, ${requests.length} queued, 0 failed, 0 dropped \\(last error: ECONNREFUSED\\), retrying$`)),
		});
	});

	test('without a running codexmon, each configured upstream is probed for a connection', async () => {
		const upstream = await startServe(['--db', path.join(directory, 'b.db')]);
		running.push(upstream);
		const down = await freePort();
		const checks = doctor(['--port', String(await freePort()), '--no-grpc', '--forward', upstream.url, '--forward', `grpc://127.0.0.1:${down}`, '--db', path.join(directory, 'c.db')], path.join(directory, 'no-home'));
		expect(checks.find(check => check.name === `Forward ${upstream.url}`)).toMatchObject({status: 'ok', detail: `127.0.0.1:${upstream.port} accepts connections`});
		expect(checks.find(check => check.name === `Forward grpc://127.0.0.1:${down}`)).toMatchObject({status: 'warn', detail: expect.stringContaining('ECONNREFUSED')});
		expect(checks.some(check => /gRPC/.test(check.name))).toBe(false);
	});
});
