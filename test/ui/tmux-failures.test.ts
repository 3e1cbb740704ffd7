import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

/** exec-fail: `ls /definitely/not/here` exited 2 while Codex reported `success "true"`. */
const directory = temporaryDirectory();
const db = path.join(directory, 'fail.db');
beforeAll(async () => {
	const served = await startServe(['--db', db]);
	await postCapture(served.url, loadCapture('exec-fail'));
	await postCapture(served.url, loadCapture('exec-loop'));
	await served.stop();
});

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('a command that exits non-zero is a failure everywhere', () => {
	test('show: ✖ exit 2 in the calls table; show --json and export: exitCode 2, success false', () => {
		const shown = runCli(['show', '09ca0cb3', '--db', db]);
		expect(shown.status).toBe(0);
		expect(shown.stdout).toMatch(/exec_command\s+approved\s+Config\s+✖ exit 2/);
		for (const args of [['show', '09ca0cb3', '--json'], ['export', '09ca0cb3']]) {
			const result = runCli([...args, '--db', db]);
			expect(result.status).toBe(0);
			const document = JSON.parse(result.stdout) as {toolCalls: Array<{success: boolean; exitCode: number | null}>};
			expect(document.toolCalls).toHaveLength(1);
			expect(document.toolCalls[0]).toMatchObject({success: false, exitCode: 2});
		}

		const ok = JSON.parse(runCli(['show', '4ec2d11d', '--json', '--db', db]).stdout) as {toolCalls: Array<{success: boolean; exitCode: number | null}>};
		expect(ok.toolCalls.every(call => call.success && call.exitCode === 0)).toBe(true);
	});

	test.skipIf(!HAS_TMUX)('the timeline and the decisions pane, with NO_COLOR: ✖ exit 2, and ⚠ on the calls of a loop', async () => {
		const terminal = startTmux(`env -u CI NO_COLOR=1 ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, {columns: 100, rows: 30});
		try {
			await waitForScreen(terminal.capture, text => text.includes('sessions (2)'));
			terminal.type('/09ca\r\r');
			const screen = await waitForScreen(terminal.capture, text => text.includes('tool decisions (1)'));
			expect(screen).toMatch(/✔ ✖ exit 2 ls \/definitely\/not\/here/);
			expect(screen).toMatch(/✔ C ls \/definitely\/not\/here.* ✖ exit 2 \d+ms/);
			// Esc, then the next key once it is taken: two Esc in one read are one Alt-Esc to a terminal.
			terminal.keys('Escape');
			await waitForScreen(terminal.capture, text => text.includes('filter: 09ca'));
			terminal.keys('Escape');
			await waitForScreen(terminal.capture, text => text.includes('sessions (2)'));
			terminal.type('/4ec2\r\r');
			const loop = await waitForScreen(terminal.capture, text => text.includes('tool decisions (7)'));
			expect(loop.match(/✔ ⚠ echo loop/g)?.length).toBeGreaterThanOrEqual(5);
			terminal.type('q');
		} finally {
			terminal.kill();
		}
	});
});
