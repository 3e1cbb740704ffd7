import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, startServe, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
const db = path.join(directory, 'burst.db');
const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

beforeAll(async () => {
	const served = await startServe(['--db', db]);
	await postCapture(served.url, loadCapture('exec-tool'));
	// The interactive session with a 3 s pause in the middle: replayed at 0.25x, a 12 s wait for its next event.
	const session = loadCapture('tui-session');
	await postCapture(served.url, session.slice(0, 25));
	await sleep(3000);
	await postCapture(served.url, session.slice(25));
	await served.stop();
});

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

// Well under the 12 s the replay below waits for its next event, and room for a loaded machine's exit.
const QUIT_WITHIN_MS = 8000;

/** Polls until `reading` of the screen has not changed for `stillMs` (bounded: 30 s). */
async function waitUntilStill(capture: () => string, reading: (screen: string) => string | undefined, stillMs: number): Promise<void> {
	const deadline = Date.now() + 30_000;
	let value = reading(capture());
	let since = Date.now();
	while (Date.now() - since < stillMs) {
		if (Date.now() > deadline) {
			throw new Error(`the screen never stood still; last: ${value}`);
		}

		await sleep(50);
		const next = reading(capture());
		if (next !== value) {
			value = next;
			since = Date.now();
		}
	}
}
const gone = (terminal: ReturnType<typeof startTmux>) => waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone', QUIT_WITHIN_MS);

describe.skipIf(!HAS_TMUX)('keys in one burst, and quitting at once', () => {
	test('a burst: each key sees what the one before did (/qwen types, /abort starts no replay, jj moves twice)', async () => {
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, {columns: 80, rows: 24});
		try {
			await waitForScreen(terminal.capture, text => text.includes('sessions (2)'));
			terminal.type('/qwen');
			await waitForScreen(terminal.capture, text => text.includes('filter: qwen▏'));
			expect(terminal.isAlive()).toBe(true);
			terminal.keys('Escape');
			terminal.type('/abort');
			let screen = await waitForScreen(terminal.capture, text => text.includes('filter: abort▏'));
			expect(screen).not.toMatch(/replay/);
			terminal.keys('Escape');
			await waitForScreen(terminal.capture, text => text.includes('sessions (2)'));
			// The filter prompt, typed and closed in one burst, then the cursor moved twice.
			terminal.type('/e\rgjj');
			screen = await waitForScreen(terminal.capture, text => text.includes('filter: e') && !text.includes('▏'));
			terminal.keys('Escape');
			terminal.type('/8886\r\r');
			screen = await waitForScreen(terminal.capture, text => text.includes('tool decisions (12)'));
			expect(screen).toContain('e1714e3d');
			terminal.type('q');
			await gone(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('q during a replay that waits 12 s for its next event exits at once (replay command and live r)', async () => {
		for (const command of [`replay 8886e1714e3d --speed 0.25 --db ${db}`, `--port 0 --db ${db}`]) {
			const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} ${command}`, {columns: 80, rows: 24});
			try {
				if (command.startsWith('--port')) {
					await waitForScreen(terminal.capture, text => text.includes('sessions (2)'));
					terminal.type('/8886\r\r');
					await waitForScreen(terminal.capture, text => text.includes('e1714e3d'));
					terminal.type('r');
					await waitForScreen(terminal.capture, text => /replay 1x/.test(text));
					terminal.type('--');
				}

				// Waiting out the 3 s pause, slowed to 12 s: the event count has stood still for a second.
				await waitForScreen(terminal.capture, text => /replay 0\.25x event [1-9]/.test(text));
				await waitUntilStill(terminal.capture, text => /replay 0\.25x event (\d+)/.exec(text)?.[1], 1000);
				const pressed = Date.now();
				terminal.type('q');
				await gone(terminal);
				expect(Date.now() - pressed).toBeLessThan(QUIT_WITHIN_MS);
			} finally {
				terminal.kill();
			}
		}
	});

	test('60x20: the ? overlay fits, lists the keys of the screen it was opened on, and scrolls', async () => {
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} replay 8886e1714e3d --speed max --db ${db}`, {columns: 60, rows: 20});
		try {
			await waitForScreen(terminal.capture, text => /event (\d+)\/\1 /.test(text));
			terminal.type('?');
			let screen = await waitForScreen(terminal.capture, text => text.includes('keys here'));
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(60);
			}

			expect(screen.split('\n').length).toBeLessThanOrEqual(21);
			expect(screen).toMatch(/Space\s+pause \/ play the replay/);
			expect(screen).toMatch(/ 1-\d+\/\d+ j\/k scroll/);
			// The list's keys (Enter opens a session) do not apply here and are not listed; the session's are.
			expect(screen).not.toContain('open the session');
			terminal.keys('NPage');
			screen = await waitForScreen(terminal.capture, text => / 9-\d+\/\d+ /.test(text));
			expect(screen).toMatch(/Shift-Tab\s+previous pane/);
			terminal.keys('Escape');
			await waitForScreen(terminal.capture, text => !text.includes('keys here'));
		} finally {
			terminal.kill();
		}
	});
});
