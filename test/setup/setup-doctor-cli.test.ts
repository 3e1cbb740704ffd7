import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {runCli, startServe, temporaryDirectory} from '../helpers/cli.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

type Check = {name: string; status: string; detail: string; fix?: string};

describe('codexmon setup', () => {
	test('prints the block with all three exporters without touching anything', () => {
		const home = path.join(directory, 'print-home');
		const result = runCli(['setup', '--port', '14318'], {env: {CODEX_HOME: home}});
		expect(result.status).toBe(0);
		for (const signal of ['logs', 'traces', 'metrics']) {
			expect(result.stdout).toContain(`endpoint = "http://127.0.0.1:14318/v1/${signal}"`);
		}

		expect(result.stdout).toMatch(/\[otel\.metrics_exporter\.otlp-http\]/);
		expect(result.stdout).toMatch(/log_user_prompt/);
		expect(fs.existsSync(home)).toBe(false);
	});

	test('--write backs the file up, then is idempotent', () => {
		const home = path.join(directory, 'write-home');
		fs.mkdirSync(home);
		fs.writeFileSync(path.join(home, 'config.toml'), 'model = "o3" # mine\n');
		const first = runCli(['setup', '--write'], {env: {CODEX_HOME: home}});
		expect(first.status).toBe(0);
		expect(first.stdout).toMatch(/Added the \[otel\] block/);
		const backups = fs.readdirSync(home).filter(name => name.includes('codexmon-backup'));
		expect(backups).toHaveLength(1);
		expect(fs.readFileSync(path.join(home, backups[0]!), 'utf8')).toBe('model = "o3" # mine\n');
		const written = fs.readFileSync(path.join(home, 'config.toml'), 'utf8');
		const second = runCli(['setup', '--write'], {env: {CODEX_HOME: home}});
		expect(second.stdout).toMatch(/nothing changed/);
		expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toBe(written);
		expect(fs.readdirSync(home).filter(name => name.includes('codexmon-backup'))).toHaveLength(1);
	});

	test('--write refuses a foreign [otel] with a diff and exit 1', () => {
		const home = path.join(directory, 'foreign-home');
		fs.mkdirSync(home);
		fs.writeFileSync(path.join(home, 'config.toml'), '[otel]\nenvironment = "prod"\n');
		const result = runCli(['setup', '--write'], {env: {CODEX_HOME: home}});
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/did not write/);
		expect(result.stderr).toMatch(/- environment = "prod"/);
		expect(result.stderr).toMatch(/\+ \[otel\.metrics_exporter\.otlp-http\]/);
		expect(fs.readFileSync(path.join(home, 'config.toml'), 'utf8')).toBe('[otel]\nenvironment = "prod"\n');
	});
});

describe('codexmon doctor', () => {
	const doctor = (args: string[], home: string) => {
		const result = runCli(['doctor', '--json', ...args], {env: {CODEX_HOME: home}});
		return {status: result.status, checks: JSON.parse(result.stdout) as Check[]};
	};

	test('without a Codex config: fails and names the fix', () => {
		const {status, checks} = doctor(['--port', '0', '--db', path.join(directory, 'd1.db')], path.join(directory, 'no-home'));
		expect(status).toBe(1);
		expect(checks.find(check => check.name === 'Codex config')).toMatchObject({status: 'fail', fix: expect.stringContaining('codexmon setup --write')});
	});

	test('a config that forgets metrics_exporter is called out', () => {
		const home = path.join(directory, 'partial-home');
		fs.mkdirSync(home);
		fs.writeFileSync(path.join(home, 'config.toml'), '[otel.exporter.otlp-http]\nendpoint = "http://127.0.0.1:4318/v1/logs"\n[otel.trace_exporter.otlp-http]\nendpoint = "http://127.0.0.1:4318/v1/traces"\n');
		const {checks} = doctor(['--db', path.join(directory, 'd2.db')], home);
		expect(checks.find(check => check.name === 'Codex exporter')!.status).toBe('ok');
		expect(checks.find(check => check.name === 'Codex metrics_exporter')).toMatchObject({status: 'fail', detail: expect.stringMatching(/own default endpoint/)});
	});

	test('after setup --write and with codexmon serving the port, every check passes', async () => {
		const home = path.join(directory, 'good-home');
		const db = path.join(directory, 'd3.db');
		const served = await startServe(['--db', db]);
		try {
			expect(runCli(['setup', '--write', '--port', String(served.port)], {env: {CODEX_HOME: home}}).status).toBe(0);
			const {status, checks} = doctor(['--port', String(served.port), '--db', db], home);
			expect(checks.filter(check => check.status === 'fail')).toEqual([]);
			expect(status).toBe(0);
			expect(checks.find(check => check.name.startsWith('Port'))!.detail).toMatch(/codexmon is already receiving/);
			expect(checks.find(check => check.name === 'Database')!.detail).toMatch(/KiB|MiB/);
		} finally {
			await served.stop();
		}
	});

	test('a port held by another program fails with a fix', async () => {
		const other = http.createServer((_request, response) => response.end('hello'));
		await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve));
		const {port} = other.address() as {port: number};
		try {
			const {status, checks} = doctor(['--port', String(port), '--db', path.join(directory, 'd4.db')], path.join(directory, 'no-home'));
			expect(status).toBe(1);
			expect(checks.find(check => check.name.startsWith('Port'))).toMatchObject({status: 'fail', fix: expect.stringContaining('--port')});
		} finally {
			other.close();
		}
	});
});

describe('unknown options and values', () => {
	test.each([
		[['sessions', '--jsn'], /unknown option --jsn .*did you mean --json/],
		[['show', 'x', '--dbb', 'f'], /unknown option --dbb .*did you mean --db/],
		[['report', '--group-by', 'teams'], /--group-by.*team/],
		[['setup', '--wrte'], /did you mean --write/],
	])('%o is a clear error with a suggestion', (args, message) => {
		const result = runCli(args);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
	});
});
