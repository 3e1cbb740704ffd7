import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** The real CLI in a real terminal: `codexmon` with no subcommand, on a free port, read off the status line. */
async function startCodexmon(size: {columns: number; rows: number}, name: string) {
	const db = path.join(directory, `${name}.db`);
	// Ink draws nothing until exit when CI=true; a user's terminal does not set it.
	const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, size);
	const screen = await waitForScreen(terminal.capture, text => /127\.0\.0\.1:\d+/.test(text));
	const port = Number(/127\.0\.0\.1:(\d+)/.exec(screen)![1]);
	return {...terminal, url: `http://127.0.0.1:${port}`};
}

describe.skipIf(!HAS_TMUX)('codexmon in tmux, fed a real capture over HTTP', () => {
	test('100x30: the loop session opens by itself and builds up batch by batch; keys work; q quits', async () => {
		const terminal = await startCodexmon({columns: 100, rows: 30}, 'wide');
		try {
			expect(await waitForScreen(terminal.capture, text => text.includes('Waiting for Codex'))).toContain('[otel.exporter.otlp-http]');
			const requests = loadCapture('exec-loop');
			await postCapture(terminal.url, requests.slice(0, 2));
			let screen = await waitForScreen(terminal.capture, text => text.includes('SCENARIO=loop'));
			expect(screen).toMatch(/4ec2d11d (● live|◌ idle|◔ unfinished) [\d.]+m?s \$[\d.]+ · gpt-5\.1-codex-mini · exec/);
			await postCapture(terminal.url, requests.slice(2));
			screen = await waitForScreen(terminal.capture, text => text.includes('◆ model 8') && text.includes('tool decisions (7)'));
			expect(screen.match(/✔ ⚠ echo loop .* C /g)?.length).toBeGreaterThanOrEqual(5);
			expect(screen).toMatch(/12k tok · in 12k \(5\.4k cached\) out 364 \(128 reasoning\)/);
			expect(screen).toMatch(/✔7C/);
			expect(screen).toMatch(/req 15 stored 64 errors 0/);

			terminal.keys('g');
			terminal.keys('j');
			terminal.keys('j');
			terminal.keys('Enter');
			// Until the detail box is drawn whole (tmux can be read in the middle of a frame).
			screen = await waitForScreen(terminal.capture, text => text.includes('$ echo loop') && text.includes('Process exited with code 0'));
			expect(screen).toMatch(/decision ✔ approved by Config \(policy\) · result ok · exit 0/);
			expect(screen).toContain('Process exited with code 0');
			terminal.keys('Escape');
			terminal.keys('?');
			await waitForScreen(terminal.capture, text => text.includes('keys here'));
			terminal.keys('Escape');
			terminal.keys('Escape');
			screen = await waitForScreen(terminal.capture, text => text.includes('sessions (1)'));
			expect(screen).toMatch(/4ec2d11d .*exec-loop\/repo .* 12\.8s +1 +12k .*⚠1/);
			terminal.keys('f');
			await waitForScreen(terminal.capture, text => text.includes('follow'));
			terminal.keys('q');
			await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
		} finally {
			terminal.kill();
		}
	});

	test('60x20: the interactive session fits, one pane at a time', async () => {
		const terminal = await startCodexmon({columns: 60, rows: 20}, 'narrow');
		try {
			await postCapture(terminal.url, loadCapture('tui-session'));
			let screen = await waitForScreen(terminal.capture, text => text.includes('Tab: [timeline]') && text.includes('✔ ⚠ echo loop'));
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(60);
			}

			expect(screen).toMatch(/✔ ⚠ echo loop/);
			terminal.keys('Tab');
			terminal.keys('Tab');
			screen = await waitForScreen(terminal.capture, text => text.includes('tool decisions (12)'));
			expect(screen).toMatch(/⊘ U exec_command\s+abort/);
			expect(screen).toMatch(/✚ U touch/);
			terminal.keys('q');
			await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
		} finally {
			terminal.kill();
		}
	});
});
