import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCaptureFrom} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {retimeCapture} from '../helpers/retime-capture.js';
import {HAS_TMUX, PANE_SIZES, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/**
 * The interactive captures' last records (a title thread, the thread's unload) come ~110 s after the main
 * session's last activity: moved so that it was active 70 s and 50 s ago, both are live.
 */
const TITLE_TAIL_MS = 110_000;

/**
 * Two interactive sessions live now (one started later), a loop whose turn still runs, an exec session that
 * ended last of all, and an old one.
 */
async function postSessions(url: string): Promise<void> {
	const now = Date.now();
	await postCapture(url, loadCaptureFrom('codex-0.169.0', 'exec-fail'));
	await postCapture(url, retimeCapture(loadCaptureFrom('codex-0.169.0', 'tui-session'), now + TITLE_TAIL_MS - 70_000));
	await postCapture(url, retimeCapture(loadCaptureFrom('codex-0.171.0', 'tui-session'), now + TITLE_TAIL_MS - 50_000));
	await postCapture(url, retimeCapture(loadCaptureFrom('codex-0.171.0-ws', 'exec-simple'), now - 1000));
	// The first requests of the loop: a turn still running, started between the two interactive sessions.
	await postCapture(url, retimeCapture(loadCaptureFrom('codex-0.171.0-ws', 'exec-loop').slice(0, 4), now - 95_000));
}

/** The real CLI in tmux, HOME as on the machine the captures were made on, so their directories shorten to `~`. */
async function startCodexmon(size: {columns: number; rows: number}) {
	const db = path.join(directory, `list-${size.columns}.db`);
	const terminal = startTmux(`env -u CI HOME=/home/dev ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, size);
	const screen = await waitForScreen(terminal.capture, text => /127\.0\.0\.1:\d+/.test(text));
	return {...terminal, url: `http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(screen)![1]}`};
}

describe.skipIf(!HAS_TMUX)('the session list tells sessions apart, at 60x20, 80x24 and 120x40', () => {
	test.each(PANE_SIZES)('$columns x $rows', async size => {
		const terminal = await startCodexmon(size);
		try {
			await postSessions(terminal.url);
			// Follow mode shows the newest live session (started last), not the exec session seen last, which ended.
			// The screen may follow it while its last requests are still being drawn: its cost is the whole session's once all are.
			let screen = await waitForScreen(terminal.capture, text => text.split('\n')[0]!.startsWith('41b5691a') && text.split('\n')[0]!.includes('$0.0045'));
			expect(screen.split('\n')[0]).toMatch(/^41b5691a ● live [\dm.]+s \$0\.0045 · gpt-5\.1-codex-mini/);
			if (size.columns >= 120) {
				expect(screen.split('\n')[0]).toContain('gpt-5.1-codex-mini · interactive · http · ~/code/github/tui-session/repo · approval');
			}

			terminal.keys('Escape');
			screen = await waitForScreen(terminal.capture, text => text.includes('sessions (5)') && text.includes('live now: 3'));
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(size.columns);
			}

			const lines = screen.split('\n');
			// The overview: both live sessions with their directory, what they do, their burn and cost.
			const overview = lines.filter(line => /^● [\da-f]{8} /.test(line));
			expect(overview).toHaveLength(3);
			expect(overview[0]).toMatch(/^● 41b5691a (~\/code\/github|…\/github|…)\/tui-session\/repo +waiting +-( tok)?\/min +\$0\.0045 ⚠1/);
			expect(overview[1]).toMatch(/^● 558b692a [~…][\w/-]*\/exec-loop\/work +⟳( turn)? 1( running)? +\d+(\.\d)?k?( tok)?\/min +\$0\.\d+ *$/);
			expect(overview[2]).toMatch(/^● e1714e3d (~\/github|…)\/tui-session\/repo +waiting +-( tok)?\/min +\$0\.0045 ⚠1/);
			// A header row, then rows newest first with their directory, age and duration.
			const header = lines.find(line => /\bID\b/.test(line))!;
			expect(header).toMatch(/ID +DIRECTORY .*STARTED .*TOKENS +COST/);
			const row = (id: string) => lines.find(line => line.includes(id) && !overview.includes(line))!;
			// Where a list has no colour, a pointer column marks the selected row.
			expect(row('19421370')).toMatch(/^[ ›]?[○●] (ended +)?19421370 (~\/src\/github\/exec-simple|…)\/work .*(now|\d+s ago) +312ms .*1k +\$0\.0002/);
			expect(row('41b5691a')).toMatch(/41b5691a (~\/code\/github\/tui-session|…)\/repo .*\dm ago +40\.6s .*23k +\$0\.0045 ⚠1/);
			expect(row('09ca0cb3')).toMatch(/09ca0cb3 (~\/github|…)\/exec-fail\/repo .*6d ago +286ms/);
			if (size.columns >= 80) {
				expect(header).toMatch(/ID +DIRECTORY +.*STARTED +TOOK +.*TOKENS +COST +⚠/);
				expect(row('41b5691a')).toMatch(/^[ ›]?● live +41b5691a ~\/code\/github\/tui-session\/repo/);
				expect(row('19421370')).toMatch(/^[ ›]?○ ended +19421370/);
			} else {
				expect(row('41b5691a')).toMatch(/^[ ›]?● 41b5691a/);
				expect(screen).toContain('● live ◌ idle ○ ended ✖ failed ⊘ interrupted ◔ unfinished');
			}

			if (size.columns >= 120) {
				expect(header).toMatch(/MODEL +RUN +STARTED +TOOK +TURNS +TOKENS +COST +⚠ +PROMPT/);
				expect(row('41b5691a')).toMatch(/gpt-5\.1-codex-… tui +\dm ago +40\.6s +7 +23k +\$0\.0045 ⚠1 SCENARIO=si/);
			}

			// `f` from the list follows the newest live session again.
			terminal.keys('G');
			terminal.keys('f');
			screen = await waitForScreen(terminal.capture, text => text.split('\n')[0]!.startsWith('41b5691a'));
			expect(screen).toContain('follow');
			terminal.keys('q');
			await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
		} finally {
			terminal.kill();
		}
	});
});
