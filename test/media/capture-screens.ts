/**
 * Makes the README's screenshots from real captured sessions, live: runs `codexmon` in tmux, posts the captures
 * to it moved to now (so sessions are `● live` and a running turn shows ⟳), saves `capture-pane -e` as HTML and
 * renders it to PNG with headless Chromium. HOME is the machine's the captures were made on, so their
 * directories show as `~/…`.
 * Run: npm run build && node --import tsx test/media/capture-screens.ts [name…] (needs tmux and chromium).
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCaptureFrom, type CaptureSet, type CapturedRequest} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {retimeCapture} from '../helpers/retime-capture.js';
import {startTmux, waitForScreen} from '../helpers/tmux.js';
import {ansiToHtml} from './ansi-to-html.js';

const MEDIA = fileURLToPath(new URL('../../media/', import.meta.url));
const directory = temporaryDirectory();

/** An interactive capture's last records (title threads, the thread's unload) come ~110 s after its last turn. */
const TITLE_TAIL_MS = 110_000;

/** A capture as if Codex were sending it now: its last moment `agoMs` ago. */
function now(set: CaptureSet, name: string, agoMs: number, requests?: (all: CapturedRequest[]) => CapturedRequest[]): CapturedRequest[] {
	const all = loadCaptureFrom(set, name);
	return retimeCapture(requests ? requests(all) : all, Date.now() - agoMs);
}

/** What a screen shows: the sessions, posted in order (the last started is the one followed). */
const sessions = {
	/** Three sessions live now (one with a loop whose turn still runs), one that just ended, one from last week. */
	list: () => [
		loadCaptureFrom('codex-0.169.0', 'exec-fail'),
		now('codex-0.169.0', 'tui-session', 70_000 - TITLE_TAIL_MS),
		now('codex-0.171.0-ws', 'exec-simple', 20_000),
		now('codex-0.171.0-ws', 'exec-loop', 95_000, all => all.slice(0, 10)),
		now('codex-0.171.0', 'tui-session', 40_000 - TITLE_TAIL_MS),
	],
	/** A `codex exec` in a loop, its turn still running. */
	loop: () => [now('codex-0.171.0-ws', 'exec-loop', 500, all => all.slice(0, 10))],
	/** The interactive session: seven turns, an Esc abort, approvals by policy and by the user. */
	interactive: () => [now('codex-0.171.0', 'tui-session', 20_000 - TITLE_TAIL_MS)],
};

type Shot = {name: string; columns: number; rows: number; sessions: keyof typeof sessions; keys?: string[]; until: (screen: string) => boolean};
const shots: Shot[] = [
	{name: 'list-60x20', columns: 60, rows: 20, sessions: 'list', keys: ['Escape'], until: screen => screen.includes('live now: 3')},
	{name: 'list-80x24', columns: 80, rows: 24, sessions: 'list', keys: ['Escape'], until: screen => screen.includes('live now: 3')},
	{name: 'list-120x40', columns: 120, rows: 40, sessions: 'list', keys: ['Escape'], until: screen => screen.includes('live now: 3')},
	{name: 'session-80x24', columns: 80, rows: 24, sessions: 'loop', until: screen => screen.includes('LOOP') && screen.includes('● live')},
	{name: 'loop-alert-100x30', columns: 100, rows: 30, sessions: 'loop', until: screen => screen.includes('LOOP') && screen.includes('⟳')},
	{name: 'narrow-60x20', columns: 60, rows: 20, sessions: 'interactive', keys: ['Tab', 'Tab'], until: screen => screen.includes('tool decisions (12)')},
	{name: 'interactive-120x40', columns: 120, rows: 40, sessions: 'interactive', keys: ['g'], until: screen => screen.includes('● live') && screen.includes('tool decisions (12)')},
	{name: 'call-detail-100x30', columns: 100, rows: 30, sessions: 'interactive', keys: ['g', 'j', 'j', 'j', 'j', 'Enter'], until: screen => screen.includes('$ echo hi')},
];

const only = process.argv.slice(2);
for (const shot of shots.filter(shot => only.length === 0 || only.includes(shot.name))) {
	const db = path.join(directory, `${shot.name}.db`);
	const terminal = startTmux(`env -u CI HOME=/home/dev TERM=xterm-256color COLORTERM=truecolor ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db}`, shot);
	try {
		const started = await waitForScreen(terminal.capture, screen => /127\.0\.0\.1:\d+/.test(screen));
		const url = `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(started)![1]}`;
		for (const requests of sessions[shot.sessions]()) {
			await postCapture(url, requests);
		}

		await waitForScreen(terminal.capture, screen => screen.includes('● live'));
		for (const key of shot.keys ?? []) {
			terminal.keys(key);
		}

		await waitForScreen(terminal.capture, shot.until);
		await new Promise(resolve => {
			setTimeout(resolve, 600);
		});
		const ansi = terminal.captureAnsi();
		const html = path.join(directory, `${shot.name}.html`);
		fs.writeFileSync(html, ansiToHtml(ansi, shot.name));
		const width = Math.ceil(shot.columns * 9.04 + 32);
		const height = Math.ceil(shot.rows * 18.75 + 28);
		execFileSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-data-dir=${path.join(directory, 'chromium')}`, `--window-size=${width},${height}`, `--screenshot=${path.join(MEDIA, `${shot.name}.png`)}`, `file://${html}`], {stdio: 'ignore'});
		process.stdout.write(`media/${shot.name}.png\n`);
		terminal.keys('q');
	} finally {
		terminal.kill();
	}
}

fs.rmSync(directory, {recursive: true, force: true});
