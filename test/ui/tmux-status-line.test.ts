import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {retimeCapture} from '../helpers/retime-capture.js';
import {HAS_TMUX, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** tmux's status-interval, as `codexmon status --tmux-setup` sets it. */
const STATUS_INTERVAL_S = 2;
const RED = '\u001B[31m';

/**
 * A tmux server whose status-right is `#(codexmon status --format tmux)`. tmux runs `#()` jobs only for a
 * client's status line, so a client is attached from a second tmux server (the "terminal"), and the status
 * line is read off that terminal's screen, its last row.
 */
function startTmuxWithStatusLine(db: string) {
	const inner = `codexmon-status-${process.pid}`;
	const outer = `codexmon-status-terminal-${process.pid}`;
	const tmux = (socket: string, ...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	tmux(inner, 'new-session', '-d', '-x', '100', '-y', '20', 'sleep 600');
	tmux(inner, 'set', '-g', 'status-right', `#(${process.execPath} ${CLI_PATH} status --format tmux --db ${db})`);
	tmux(inner, 'set', '-g', 'status-interval', String(STATUS_INTERVAL_S));
	tmux(inner, 'set', '-g', 'status-right-length', '60');
	tmux(outer, 'new-session', '-d', '-x', '100', '-y', '20', `env -u TMUX tmux -L ${inner} attach`);
	const statusLine = (colours = false) => {
		try {
			return tmux(outer, 'capture-pane', '-p', ...(colours ? ['-e'] : [])).trimEnd().split('\n').at(-1) ?? '';
		} catch {
			return '';
		}
	};

	return {
		statusLine,
		run: (...args: string[]) => tmux(inner, ...args),
		kill() {
			spawnSync('tmux', ['-L', outer, 'kill-server']);
			spawnSync('tmux', ['-L', inner, 'kill-server']);
		},
	};
}

describe.skipIf(!HAS_TMUX)('codexmon status in a tmux status bar', () => {
	test('"not running", then the live session, its cost and its loop within status-interval + 1 s (in red), then "not running" again', async () => {
		const db = path.join(directory, 'status.db');
		const terminal = startTmuxWithStatusLine(db);
		try {
			expect(await waitForScreen(terminal.statusLine, text => text.includes('codexmon'), 10_000)).toMatch(/codexmon: not running$/);

			terminal.run('new-window', `env -u CI ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db}`);
			const screen = await waitForScreen(() => terminal.run('capture-pane', '-p'), text => /127\.0\.0\.1:\d+/.test(text));
			// The real loop capture up to before its end, as if Codex were sending it now.
			await postCapture(`http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(screen)![1]}`, retimeCapture(loadCapture('exec-loop'), Date.now() - 1000).slice(0, 12));
			// tmux may have run the line while the requests were still arriving (the loop at ⚠): the next run has it all.
			const live = await waitForScreen(terminal.statusLine, text => text.includes('‼ loop'), (STATUS_INTERVAL_S + 1) * 1000);
			expect(live).toMatch(/◆1 live · [\d.]+k tok\/min · \$0\.\d+ today · ‼ loop 4ec2d11d$/);
			expect(terminal.statusLine(true)).toContain(`${RED}◆1 live`);

			terminal.run('send-keys', 'q');
			const stopped = await waitForScreen(terminal.statusLine, text => text.includes('not running'), 10_000);
			expect(stopped).toMatch(/codexmon: not running · \$0\.\d+ today · ‼ loop 4ec2d11d$/);
		} finally {
			terminal.kill();
		}
	}, 60_000);
});
