import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {CAPTURE_NAMES, loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';

const directory = temporaryDirectory();
const db = path.join(directory, 'codexmon.db');
let served: Served;

type SessionRow = {conversationId: string; kind: string; parentConversationId: string | null; model: string; startedAt: string; lastSeenAt: string; turns: number; modelRequests: number; tokens: {total: number}; alerts: number};

const sessions = (...extra: string[]) => JSON.parse(runCli(['sessions', '--json', '--db', db, ...extra]).stdout) as SessionRow[];
const show = (id: string) => JSON.parse(runCli(['show', id, '--json', '--db', db]).stdout) as {conversationId: string; turns: Array<{tokens: {total: number}}>; toolCalls: unknown[]; tokens: {total: number}; modelRequests: number; kind: string};

beforeAll(async () => {
	served = await startServe(['--db', db]);
	for (const name of CAPTURE_NAMES) {
		await postCapture(served.url, loadCapture(name));
	}
});

afterAll(async () => {
	if (served.process.exitCode === null) {
		await served.stop();
	}

	fs.rmSync(directory, {recursive: true, force: true});
});

describe('serve → sessions → show, on every capture', () => {
	test('sessions --json lists the conversations newest first, title threads only with --all', () => {
		const visible = sessions();
		const all = sessions('--all');
		expect(all.length - visible.length).toBe(7);
		expect(visible.every(row => row.kind !== 'title')).toBe(true);
		// 9 exec captures (one has a sub-agent) and the interactive session.
		expect(visible.filter(row => row.kind === 'main')).toHaveLength(10);
		expect(visible.filter(row => row.kind === 'subagent')).toHaveLength(1);
		const starts = visible.map(row => row.startedAt);
		expect([...starts].sort().reverse()).toEqual(starts);
		for (const row of visible) {
			expect(row).toMatchObject({conversationId: expect.any(String), model: 'gpt-5.1-codex-mini', turns: expect.any(Number), modelRequests: expect.any(Number), alerts: expect.any(Number)});
			expect(Number.isNaN(Date.parse(row.lastSeenAt))).toBe(false);
		}
	});

	test('show --json by a unique prefix or tail gives the same document as by full id', () => {
		const main = sessions().find(row => row.turns === 7)!;
		const full = show(main.conversationId);
		expect(show(main.conversationId.slice(0, 30))).toEqual(full);
		expect(show(main.conversationId.slice(-12))).toEqual(full);
		expect(full.turns).toHaveLength(7);
		expect(full.tokens.total).toBe(full.turns.reduce((sum, turn) => sum + turn.tokens.total, 0));
	});

	test('the summary in sessions agrees with show', () => {
		for (const row of sessions()) {
			const document = show(row.conversationId);
			expect({turns: document.turns.length, modelRequests: document.modelRequests, tokens: document.tokens.total, kind: document.kind})
				.toEqual({turns: row.turns, modelRequests: row.modelRequests, tokens: row.tokens.total, kind: row.kind});
		}
	});

	test('a resent batch is stored once', async () => {
		const loop = sessions().find(row => row.modelRequests === 8 && row.turns === 1)!;
		const before = show(loop.conversationId);
		await postCapture(served.url, loadCapture('exec-loop'));
		await postCapture(served.url, loadCapture('exec-loop-json'));
		expect(show(loop.conversationId)).toEqual(before);
	});

	test('an unknown id is a clear message and exit code 1', () => {
		const result = runCli(['show', 'ffffffffffff', '--db', db]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/no session matches "ffffffffffff"/);
	});

	test('an ambiguous prefix lists the candidates and exits 1', () => {
		const result = runCli(['show', '01a2', '--db', db]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/matches \d+ sessions/);
		expect(result.stderr.split('\n').filter(line => line.startsWith('  01a2')).length).toBeGreaterThan(1);
	});

	test('the readable summary names turns, tool calls and decisions', () => {
		const main = sessions().find(row => row.turns === 7)!;
		const result = runCli(['show', main.conversationId, '--db', db]);
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/7 turns, 18 model requests, 12 tool calls/);
		expect(result.stdout).toMatch(/abort\s+User/);
		expect(result.stdout).toMatch(/approved_with_amendment\s+User/);
	});
});

describe('lifecycle', () => {
	test('SIGTERM flushes and exits 0; a restart continues a conversation instead of starting it over', async () => {
		expect(await served.stop('SIGTERM')).toBe(0);
		expect(served.output()).toMatch(/codexmon stopped/);
		const requests = loadCapture('tui-session');
		const directory2 = temporaryDirectory();
		const db2 = path.join(directory2, 'codexmon.db');
		const first = await startServe(['--db', db2]);
		await postCapture(first.url, requests.slice(0, 20));
		expect(await first.stop('SIGINT')).toBe(0);
		const second = await startServe(['--db', db2]);
		await postCapture(second.url, requests.slice(20));
		await second.stop();
		const mainRow = (JSON.parse(runCli(['sessions', '--json', '--db', db2]).stdout) as SessionRow[]).find(row => row.kind === 'main')!;
		const resumed = JSON.parse(runCli(['show', mainRow.conversationId, '--json', '--db', db2]).stdout) as ReturnType<typeof show>;
		const whole = show(mainRow.conversationId);
		expect(resumed.turns).toEqual(whole.turns);
		expect(resumed.toolCalls).toEqual(whole.toolCalls);
		fs.rmSync(directory2, {recursive: true, force: true});
	});

	test('sessions on a missing database says so; show exits 1', () => {
		const missing = path.join(directory, 'missing.db');
		expect(runCli(['sessions', '--json', '--db', missing]).stdout.trim()).toBe('[]');
		expect(runCli(['show', 'abc', '--db', missing]).status).toBe(1);
	});

	test('--help on every command, and an unknown command or flag is an error', () => {
		for (const command of ['serve', 'sessions', 'show']) {
			const result = runCli([command, '--help']);
			expect(result.status).toBe(0);
			expect(result.stdout).toContain(`codexmon ${command}`);
		}

		expect(runCli(['sesions']).stderr).toMatch(/unknown command "sesions".*did you mean "sessions"/);
		expect(runCli(['sessions', '--bogus']).status).not.toBe(0);
	});
});
