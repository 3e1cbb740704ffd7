/**
 * Makes the README's screenshots from real captured sessions: runs codexmon in tmux, feeds it the
 * captures, saves `capture-pane -e` as HTML and renders it to PNG with headless Chromium.
 * Run: npm run build && node --import tsx test/media/capture-screens.ts (needs tmux and chromium).
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, startServe, temporaryDirectory} from '../helpers/cli.js';
import {startTmux, waitForScreen} from '../helpers/tmux.js';
import {ansiToHtml} from './ansi-to-html.js';

const MEDIA = fileURLToPath(new URL('../../media/', import.meta.url));
const directory = temporaryDirectory();
const db = path.join(directory, 'media.db');
const served = await startServe(['--db', db]);
for (const name of ['exec-tool', 'exec-subagent', 'exec-loop', 'tui-session'] as const) {
	await postCapture(served.url, loadCapture(name));
}

await served.stop();

type Shot = {name: string; columns: number; rows: number; args: string[]; keys?: string[]; until: (screen: string) => boolean};
const shots: Shot[] = [
	{name: 'session-80x24', columns: 80, rows: 24, args: ['replay', '8886e1714e3d', '--speed', 'max'], until: screen => /event (\d+)\/\1 /.test(screen)},
	{name: 'loop-alert-100x30', columns: 100, rows: 30, args: ['replay', '4ec2d11d', '--speed', 'max'], until: screen => screen.includes('LOOP') && /event (\d+)\/\1 /.test(screen)},
	{name: 'interactive-120x40', columns: 120, rows: 40, args: ['replay', '8886e1714e3d', '--speed', 'max'], keys: ['g'], until: screen => /event (\d+)\/\1 /.test(screen)},
	{name: 'call-detail-100x30', columns: 100, rows: 30, args: ['replay', '8886e1714e3d', '--speed', 'max'], keys: ['g', 'j', 'j', 'j', 'j', 'Enter'], until: screen => screen.includes('$ echo hi')},
	{name: 'narrow-60x20', columns: 60, rows: 20, args: ['replay', '8886e1714e3d', '--speed', 'max'], keys: ['Tab', 'Tab'], until: screen => screen.includes('tool decisions (12)')},
];

for (const shot of shots) {
	const terminal = startTmux(`env -u CI TERM=xterm-256color COLORTERM=truecolor ${process.execPath} ${CLI_PATH} ${shot.args.join(' ')} --db ${db}`, shot);
	try {
		await waitForScreen(terminal.capture, screen => /event (\d+)\/\1 /.test(screen));
		for (const key of shot.keys ?? []) {
			terminal.keys(key);
		}

		await waitForScreen(terminal.capture, shot.until);
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		const ansi = terminal.captureAnsi();
		const html = path.join(directory, `${shot.name}.html`);
		fs.writeFileSync(html, ansiToHtml(ansi, shot.name));
		const width = Math.ceil(shot.columns * 9.04 + 32);
		const height = Math.ceil(shot.rows * 18.75 + 28);
		execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${path.join(directory, 'chromium')}`, `--window-size=${width},${height}`, `--screenshot=${path.join(MEDIA, `${shot.name}.png`)}`, `file://${html}`], {stdio: 'ignore'});
		process.stdout.write(`media/${shot.name}.png\n`);
	} finally {
		terminal.kill();
	}
}

fs.rmSync(directory, {recursive: true, force: true});
