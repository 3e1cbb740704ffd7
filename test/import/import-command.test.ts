import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {loadRollouts, writeCodexHome} from '../helpers/rollouts.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const env = {XDG_CONFIG_HOME: directory, CODEX_HOME: path.join(directory, 'no-such-codex')};
const LOOP_ID = '01a21093-0909-7a93-b979-f2e54ec2d11d';
const TUI_ID = '01a21093-d0bf-7f21-82ef-8886e1714e3d';

type Show = {turns: Array<{tokens: {total: number}}>; tokens: {total: number}; modelRequests: number; toolCalls: Array<{arguments: string}>; alerts: Array<{kind: string; pattern?: string}>; decisions: Record<string, number>};
const show = (id: string, db: string) => JSON.parse(runCli(['show', id, '--json', '--db', db], {env}).stdout) as Show;

describe('codexmon import', () => {
	test('imports a Codex home once, with a summary; the sessions list, show and export', () => {
		const home = path.join(directory, 'codex');
		const db = path.join(directory, 'import.db');
		writeCodexHome(home, [...loadRollouts('exec-loop'), ...loadRollouts('tui-session')]);
		fs.appendFileSync(path.join(home, 'sessions', '2026', '11', '25', loadRollouts('exec-loop')[0]!.file), '{"broken\n');

		const first = runCli(['import', '--codex-home', home, '--db', db], {env});
		expect(first.status).toBe(0);
		expect(first.stdout).toContain('Imported 2 sessions (8 turns');
		expect(first.stdout).toContain('Skipped 1 line(s) of');
		expect(first.stdout).toContain('1 malformed JSON');

		const again = runCli(['import', '--codex-home', home, '--db', db, '--json'], {env});
		expect(JSON.parse(again.stdout)).toMatchObject({files: 2, unchanged: 2, sessions: 0});

		const listed = JSON.parse(runCli(['sessions', '--json', '--db', db], {env}).stdout) as Array<{conversationId: string; turns: number}>;
		expect(listed.map(row => [row.conversationId, row.turns])).toEqual([[TUI_ID, 7], [LOOP_ID, 1]]);
		const loop = show(LOOP_ID, db);
		expect(loop.tokens.total).toBe(12_200);
		expect(loop.alerts.map(alert => alert.pattern)).toEqual(['repeat']);
		expect(runCli(['export', LOOP_ID.slice(-8), '--db', db], {env}).status).toBe(0);
	});

	test('--since leaves older files; a missing home is a clear message, not a failure', () => {
		const home = path.join(directory, 'codex-since');
		const db = path.join(directory, 'since.db');
		const [file] = writeCodexHome(home, loadRollouts('exec-simple'));
		fs.utimesSync(file!, new Date('2026-01-01'), new Date('2026-01-01'));
		expect(runCli(['import', '--codex-home', home, '--since', '2026-06-01', '--db', db], {env}).stdout).toContain('Imported 0 sessions');
		const missing = runCli(['import', '--codex-home', path.join(directory, 'nowhere'), '--db', db], {env});
		// A Codex home that does not exist is a mistake to point out (exit 1), not an empty import.
		expect(missing.status).toBe(1);
		expect(missing.stderr).toMatch(/no Codex home at .*nowhere: pass the directory/);
		const bad = runCli(['import', '--since', 'yesterday-ish', '--db', db], {env});
		expect(bad.status).toBe(1);
		expect(bad.stderr).toContain('--since must be like');
	});

	test('serve --watch-sessions picks up a rollout as Codex writes it; the same session over OTLP is not counted twice', {timeout: 60_000}, async () => {
		const home = path.join(directory, 'codex-watch');
		const db = path.join(directory, 'watch.db');
		const served = await startServe(['--db', db, '--watch-sessions', '--codex-home', home]);
		try {
			const today = new Date();
			const day = `${today.getFullYear()}/${String(today.getMonth() + 1).padStart(2, '0')}/${String(today.getDate()).padStart(2, '0')}`;
			writeCodexHome(home, loadRollouts('exec-loop'), day);
			const listed = await poll(() => (JSON.parse(runCli(['sessions', '--json', '--db', db], {env}).stdout) as Array<{conversationId: string; tokens: {total: number}}>).find(row => row.conversationId === LOOP_ID));
			expect(listed.tokens.total).toBe(12_200);

			await postCapture(served.url, loadCapture('exec-loop'));
			const both = show(LOOP_ID, db);
			expect(both.tokens.total).toBe(12_200);
			expect(both.modelRequests).toBe(8);
			expect(both.toolCalls).toHaveLength(7);
			// The decisions only telemetry carries are now there: OTLP is primary.
			expect(both.decisions.approved).toBe(7);
		} finally {
			await served.stop();
		}
	});
});

async function poll<T>(read: () => T | undefined, timeoutMs = 20_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (value !== undefined) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error('timed out waiting');
		}

		await new Promise(resolve => setTimeout(resolve, 200));
	}
}
