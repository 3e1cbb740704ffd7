import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCaptureFrom} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

async function startCodexmon(size: {columns: number; rows: number}, name: string) {
	const db = path.join(directory, `${name}.db`);
	const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db}`, size);
	const screen = await waitForScreen(terminal.capture, text => /127\.0\.0\.1:\d+/.test(text));
	const port = Number(/127\.0\.0\.1:(\d+)/.exec(screen)![1]);
	return {...terminal, url: `http://127.0.0.1:${port}`};
}

async function quit(terminal: Awaited<ReturnType<typeof startCodexmon>>) {
	terminal.keys('q');
	await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
}

describe.skipIf(!HAS_TMUX)('model requests on the screen, both transports', () => {
	test('80x24: a WebSocket session shows its 8 model requests, ws in the header, and each request\'s time to first token', async () => {
		const terminal = await startCodexmon({columns: 80, rows: 24}, 'ws');
		try {
			await postCapture(terminal.url, loadCaptureFrom('codex-0.171.0-ws', 'exec-loop-warmup-usage'));
			let screen = await waitForScreen(terminal.capture, text => text.includes('◆ model 8') && text.includes('out 364'));
			expect(screen).toMatch(/· exec · ws/);
			// The warm-up's usage (1,234 input) is left out: the totals are the 8 requests'.
			expect(screen).toMatch(/in 12k \(5\.4k cached\) out 364/);
			expect(screen).not.toMatch(/\(no prompt seen\)/);
			terminal.keys('g');
			terminal.keys('j');
			terminal.keys('Enter');
			screen = await waitForScreen(terminal.capture, text => text.includes('Model request 1 of turn 1'));
			expect(screen).toMatch(/WebSocket · completed · [\d.]+m?s · first token \d/);
			expect(screen).toMatch(/tokens in 1k \(640 cached\) · out 42 \(16 reasoning\)/);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('60x20: retried HTTP attempts show under their request, the request detail lists them', async () => {
		const terminal = await startCodexmon({columns: 60, rows: 20}, 'retries');
		try {
			await postCapture(terminal.url, loadCaptureFrom('codex-0.171.0', 'exec-api-errors'));
			let screen = await waitForScreen(terminal.capture, text => text.includes('◆ model 3'));
			expect(screen).not.toContain('◆ model 4');
			expect(screen).toMatch(/◆ model 1 ↻ 429/);
			expect(screen).toMatch(/◆ model 2 ↻ 500/);
			expect(screen).toMatch(/◆ model 3 ↻ retry/);
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(60);
			}

			terminal.keys('g');
			terminal.keys('j');
			terminal.keys('Enter');
			screen = await waitForScreen(terminal.capture, text => text.includes('Model request 1 of turn 1'));
			expect(screen).toMatch(/2 attempts: ✖ http 429/);
			terminal.keys('Escape');
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('80x24: a refused WebSocket handshake is an event on the timeline, the session counts its HTTP requests once', async () => {
		const terminal = await startCodexmon({columns: 80, rows: 24}, 'fallback');
		try {
			await postCapture(terminal.url, loadCaptureFrom('codex-0.171.0-ws', 'exec-ws-fallback'));
			const screen = await waitForScreen(terminal.capture, text => text.includes('◆ model 2') && text.includes('ws refused'));
			expect(screen).toMatch(/⚡ ws refused: http 426 → http/);
			expect(screen).toMatch(/ws→http/);
			expect(screen).not.toContain('◆ model 3');
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});
});
