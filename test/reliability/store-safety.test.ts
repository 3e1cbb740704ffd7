import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, describe, expect, test, vi} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {request} from '../helpers/http.js';
import {eventsOfRequest} from '../helpers/pipeline.js';
import {freePort} from '../helpers/ports.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const capture = loadCapture('exec-tool');
const eventCount = (db: string) => {
	const connection = new Database(db, {readonly: true});
	const {count} = connection.prepare('SELECT count(*) AS count FROM events').get() as {count: number};
	connection.close();
	return count;
};

async function canBind(port: number): Promise<boolean> {
	const server = net.createServer();
	return new Promise(resolve => {
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

describe('one writer per database', () => {
	test('a second serve on the same database refuses with one line; a viewer still reads; a killed writer leaves no lock', async () => {
		const db = path.join(directory, 'one-writer.db');
		const first = await startServe(['--db', db]);
		await postCapture(first.url, capture);
		// Bounded: a second writer that is not refused would listen for good.
		const second = spawnSync(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--no-grpc', '--db', db], {encoding: 'utf8', timeout: 15_000});
		expect(second.status).not.toBe(0);
		expect(second.stderr.trim().split('\n')).toHaveLength(1);
		expect(second.stderr).toMatch(/already recording into/);
		expect(second.stdout).not.toMatch(/listening/);
		expect(JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout)).toHaveLength(1);

		await first.stop('SIGKILL');
		const third = await startServe(['--db', db]);
		expect(await third.stop()).toBe(0);
	}, 30_000);

	test('a read-only data directory fails before binding: one line, a non-zero exit, the ports free', async () => {
		// root writes anywhere: run as nobody, as a user would meet it.
		const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
		// Skipped only where nobody cannot run this Node and this CLI at all (a checkout in a private directory).
		if (asUser.length > 0 && spawnSync(asUser[0]!, [...asUser.slice(1), process.execPath, CLI_PATH, '--version']).status !== 0) {
			console.warn('skipped: the user nobody cannot run', process.execPath, CLI_PATH);
			return;
		}

		const readOnly = path.join(directory, 'read-only');
		fs.mkdirSync(readOnly);
		fs.chmodSync(directory, 0o755);
		if (asUser.length > 0) {
			fs.chownSync(readOnly, 65_534, 65_534);
		}

		const serve = (ports: string[]) => {
			const command = [...asUser, process.execPath, CLI_PATH, 'serve', ...ports, '--db', path.join(readOnly, 'codexmon.db')];
			const child = spawn(command[0]!, command.slice(1), {stdio: ['ignore', 'pipe', 'pipe']});
			const output = {stdout: '', stderr: ''};
			child.stdout.on('data', (chunk: Buffer) => {
				output.stdout += chunk.toString();
			});
			child.stderr.on('data', (chunk: Buffer) => {
				output.stderr += chunk.toString();
			});
			const exited = new Promise<number | null>(resolve => child.once('exit', resolve));
			return {child, output, exited};
		};

		// The database exists from an earlier run; then its directory becomes read-only.
		const earlier = serve(['--port', '0', '--no-grpc']);
		await vi.waitFor(() => expect(earlier.output.stdout).toMatch(/listening/), {timeout: 15_000});
		earlier.child.kill('SIGTERM');
		expect(await earlier.exited).toBe(0);
		fs.chmodSync(readOnly, 0o555);

		const [port, grpcPort] = [await freePort(), await freePort()];
		const later = serve(['--port', String(port), '--grpc-port', String(grpcPort)]);
		const code = await Promise.race([later.exited, new Promise<string>(resolve => {
			setTimeout(() => resolve('still running'), 15_000);
		})]);
		if (code === 'still running') {
			later.child.kill('SIGKILL');
		}

		expect(code, later.output.stderr).not.toBe('still running');
		expect(code).not.toBe(0);
		expect(later.output.stdout).not.toMatch(/listening/);
		expect(later.output.stderr.trim().split('\n'), later.output.stderr).toHaveLength(1);
		expect(later.output.stderr).toMatch(/read-only/);
		expect(await canBind(port)).toBe(true);
		expect(await canBind(grpcPort)).toBe(true);
	}, 60_000);
});

describe('a deleted database', () => {
	test('is noticed: what arrives next goes into a fresh database, nothing answered 200 is lost', async () => {
		const db = path.join(directory, 'deleted.db');
		const served = await startServe(['--db', db, '--no-grpc']);
		await postCapture(served.url, capture.slice(0, 3));
		for (const file of [db, `${db}-wal`, `${db}-shm`]) {
			fs.rmSync(file, {force: true});
		}

		const rest = capture.slice(3);
		await postCapture(served.url, rest);
		expect(await served.stop()).toBe(0);
		expect(fs.existsSync(db)).toBe(true);
		// What came after the deletion is all there (what came before was forgotten, as the user asked).
		const sent = rest.reduce((sum, captured) => sum + eventsOfRequest(captured).length, 0);
		expect(sent).toBeGreaterThan(0);
		expect(eventCount(db)).toBe(sent);
		const sessions = JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as unknown[];
		expect(sessions).toHaveLength(1);
	}, 30_000);
});

describe('export', () => {
	test('refuses to write over the database or its files, by inode', async () => {
		const db = path.join(directory, 'export.db');
		const served = await startServe(['--db', db, '--no-grpc']);
		await postCapture(served.url, capture);
		const id = (JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string}>)[0]!.conversationId;
		const before = eventCount(db);
		fs.symlinkSync(db, path.join(directory, 'alias.json'));
		for (const output of [db, `${db}-wal`, path.join(directory, 'alias.json'), path.join(directory, '.', 'export.db')]) {
			const result = runCli(['export', id, '--output', output, '--db', db]);
			expect(result.status, output).not.toBe(0);
			expect(result.stderr).toMatch(/is the database itself/);
		}

		expect(await served.stop()).toBe(0);
		expect(eventCount(db)).toBe(before);
		expect(runCli(['show', id, '--db', db]).status).toBe(0);
	}, 30_000);
});

describe('stopping', () => {
	test('SIGTERM with busy keep-alive senders exits within the grace, removes the lock, loses nothing acknowledged', async () => {
		const db = path.join(directory, 'stop.db');
		const served = await startServe(['--db', db]);
		let acknowledged = 0;
		let stopped = false;
		const sender = async (offset: number) => {
			const agent = new http.Agent({keepAlive: true, maxSockets: 1});
			for (let index = offset; !stopped; index++) {
				const captured = capture[index % capture.length]!;
				try {
					// The same bodies again and again are stored once each: count the answers, then the batches.
					const answer = await request(`${served.url}${captured.path}`, {headers: {'content-type': captured.contentType}, body: captured.body, agent});
					if (answer.status === 200) {
						acknowledged++;
					}
				} catch {
					break;
				}
			}

			agent.destroy();
		};

		const senders = [0, 1, 2, 3].map(async offset => sender(offset));
		await new Promise(resolve => {
			setTimeout(resolve, 500);
		});
		const startedMs = Date.now();
		const code = await served.stop('SIGTERM');
		const tookMs = Date.now() - startedMs;
		stopped = true;
		await Promise.all(senders);
		expect(code).toBe(0);
		expect(tookMs).toBeLessThan(15_000);
		expect(fs.existsSync(`${db}.lock`)).toBe(false);
		expect(acknowledged).toBeGreaterThan(0);
		const connection = new Database(db, {readonly: true});
		const {batches} = connection.prepare('SELECT count(*) AS batches FROM batches').get() as {batches: number};
		connection.close();
		expect(batches).toBe(capture.length);
	}, 60_000);

	test('SIGTERM right after the listening line stops cleanly, every time', async () => {
		const db = path.join(directory, 'quick-stop.db');
		for (let round = 0; round < 5; round++) {
			const served = await startServe(['--db', db]);
			expect(await served.stop('SIGTERM')).toBe(0);
			expect(served.process.signalCode).toBeNull();
			expect(fs.existsSync(`${db}.lock`)).toBe(false);
		}
	}, 60_000);
});

describe('the status endpoint', () => {
	test('answers only to a Host that names this receiver, and never shows credentials', async () => {
		const db = path.join(directory, 'status.db');
		const upstream = await freePort();
		const served = await startServe(['--db', db, '--no-grpc', '--forward', `http://alice:pa55word@127.0.0.1:${upstream}/?api_key=k3y`]);
		try {
			expect(served.output()).not.toMatch(/pa55word|k3y/);
			const rebound = await request(`${served.url}/codexmon/status`, {method: 'GET', headers: {host: 'attacker.example'}});
			expect(rebound.status).toBe(421);
			for (const host of [`127.0.0.1:${served.port}`, `localhost:${served.port}`, '[::1]']) {
				const answer = await request(`${served.url}/codexmon/status`, {method: 'GET', headers: {host}});
				expect(answer.status, host).toBe(200);
				expect(answer.body.toString()).not.toMatch(/pa55word|k3y/);
				expect(answer.body.toString()).toMatch(/\*\*\*@127\.0\.0\.1/);
			}

			const doctor = runCli(['doctor', '--port', String(served.port), '--no-grpc', '--forward', `http://alice:pa55word@127.0.0.1:${upstream}/?api_key=k3y`, '--db', db]);
			expect(doctor.stdout).not.toMatch(/pa55word|k3y/);
		} finally {
			await served.stop();
		}
	}, 30_000);
});
