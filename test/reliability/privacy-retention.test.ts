import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

type Document = {conversationId: string; turns: Array<{prompt: string}>; toolCalls: Array<{arguments: string; output: string; success: boolean | null}>; alerts: Array<{pattern: string; callIds: string[]}>};
const show = (id: string, db: string) => JSON.parse(runCli(['show', id, '--json', '--db', db]).stdout) as Document;
const sessions = (db: string) => JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string; lastSeenAt: string}>;

describe('--mask', () => {
	test('prompts, arguments and output never reach the database; loops and exit codes are still seen', async () => {
		const db = path.join(directory, 'masked.db');
		const served = await startServe(['--db', db, '--mask']);
		await postCapture(served.url, loadCapture('exec-loop'));
		await postCapture(served.url, loadCapture('exec-fail'));
		await served.stop();

		const bytes = fs.readFileSync(db).toString('latin1') + (fs.existsSync(`${db}-wal`) ? fs.readFileSync(`${db}-wal`).toString('latin1') : '');
		for (const secret of ['Keep running echo loop', 'echo loop', 'definitely/not/here', 'I ran `echo loop`']) {
			expect(bytes).not.toContain(secret);
		}

		const documents = sessions(db).map(row => show(row.conversationId, db));
		const loop = documents.find(document => document.alerts.length > 0);
		const fail = documents.find(document => document.alerts.length === 0);
		expect(loop!.turns[0]!.prompt).toMatch(/^\[masked 58 chars #[\da-f]{12}\]$/);
		expect(loop!.toolCalls[0]!.arguments).toMatch(/^\{"masked":"#[\da-f]{12}"\}$/);
		expect(loop!.alerts).toMatchObject([{pattern: 'repeat', callIds: expect.arrayContaining(['call_loop_7_r7'])}]);
		expect(fail!.toolCalls[0]!.output).toMatch(/^\[masked \d+ chars #[\da-f]{12}\]\nProcess exited with code 2$/);
	});
});

describe('retention', () => {
	test('delete removes one session; prune deletes by age and by size, oldest first', async () => {
		const db = path.join(directory, 'retention.db');
		const served = await startServe(['--db', db]);
		for (const name of ['exec-simple', 'exec-tool', 'exec-fail', 'exec-loop'] as const) {
			await postCapture(served.url, loadCapture(name));
		}

		await served.stop();
		const all = sessions(db);
		expect(all).toHaveLength(4);

		const removed = all.at(-1)!.conversationId;
		expect(runCli(['delete', removed.slice(-8), '--db', db]).stdout).toMatch(/Deleted session .* \(\d+ events\)/);
		expect(runCli(['show', removed, '--db', db]).status).toBe(1);
		expect(sessions(db)).toHaveLength(3);

		expect(runCli(['prune', '--older-than', '5000d', '--db', db]).stdout).toMatch(/Deleted 0 sessions/);
		expect(sessions(db)).toHaveLength(3);
		expect(runCli(['prune', '--max-size', '1KB', '--db', db]).stdout).toMatch(/Deleted [1-3] sessions? \(\d+ events\), freed [^;]+; file/);
		// The captures are hours old when the tests run; sessions seen in the last 15 minutes would be spared.
		expect(sessions(db).length).toBeLessThan(3);
		expect(runCli(['prune', '--db', db]).stderr).toMatch(/say what to prune/);
		expect(runCli(['prune', '--older-than', 'soon', '--db', db]).stderr).toMatch(/--older-than must be like 30d/);
	});
});

describe.skipIf(!HAS_TMUX)('a second codexmon on the same database', () => {
	test('opens as a read-only viewer that follows what the receiver stores', async () => {
		const db = path.join(directory, 'shared.db');
		const served = await startServe(['--db', db]);
		const viewer = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --db ${db}`, {columns: 100, rows: 30});
		try {
			const screen = await waitForScreen(viewer.capture, text => text.includes('viewer (read-only)'));
			expect(screen).toContain(`127.0.0.1:${served.port}`);
			await postCapture(served.url, loadCapture('exec-loop'));
			await waitForScreen(viewer.capture, text => text.includes('4ec2d11d') && text.includes('tool decisions (7)') && text.includes('LOOP repeat'));
			viewer.keys('q');
		} finally {
			viewer.kill();
			await served.stop();
		}
	});
});
