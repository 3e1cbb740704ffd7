import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

// Nothing on stderr that the user did not ask for, on the Node that runs the tests (CI: 20 and 24): a V8 flag this
// Node does not know, a deprecation or an experimental warning would print over the screen or into a pipe.
const directory = temporaryDirectory();
const db = path.join(directory, 'quiet.db');
const env = {...process.env, XDG_CACHE_HOME: directory, NODE_OPTIONS: ''};

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('codexmon prints nothing on stderr', () => {
	let served = '';
	beforeAll(async () => {
		const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', '0', '--grpc-port', '0', '--db', db], {stdio: ['ignore', 'pipe', 'pipe'], env});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const port = await new Promise<string>((resolve, reject) => {
			child.stdout.on('data', () => {
				const match = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout);
				if (match) {
					resolve(match[1]!);
				}
			});
			child.once('exit', code => {
				reject(new Error(`serve exited with ${code}: ${stdout}${stderr}`));
			});
		});
		await postCapture(`http://127.0.0.1:${port}`, loadCapture('tui-session'));
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGTERM');
		await exited;
		served = stderr;
	});

	it('for --help, and for serve from start to SIGTERM', () => {
		expect(runCli(['--help'], {env})).toMatchObject({status: 0, stderr: ''});
		expect(served).toBe('');
	});

	it('for show, twice (the second start runs from the code cache the first wrote)', () => {
		for (let run = 0; run < 2; run++) {
			const shown = runCli(['show', '8886e1714e3d', '--db', db], {env});
			expect(shown.stdout).toContain('8886e1714e3d');
			expect(shown).toMatchObject({status: 0, stderr: ''});
		}
	});

	it.skipIf(!HAS_TMUX)('for the live screen, from its first frame to q', async () => {
		const stderrFile = path.join(directory, 'live.stderr');
		const terminal = startTmux(`env -u CI -u NODE_OPTIONS XDG_CACHE_HOME=${directory} ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db} 2>${stderrFile}`, {columns: 100, rows: 30});
		try {
			await waitForScreen(terminal.capture, screen => screen.includes('? help'));
			terminal.keys('q');
			await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', state => state === 'gone');
		} finally {
			terminal.kill();
		}

		// Ink shows the cursor again through stderr at exit (ESC[?25h): a control sequence, no text.
		expect(fs.readFileSync(stderrFile, 'utf8').replaceAll('\u001B[?25h', '')).toBe('');
	});
});
