import {describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, runCli} from '../helpers/cli.js';
import {recordedDatabase} from '../helpers/recorded-database.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const db = recordedDatabase('replay.db', loadCapture('tui-session'));

describe.skipIf(!HAS_TMUX)('codexmon replay in tmux', () => {
	test('plays to the end, then 0 / ] / $ move through it', async () => {
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} replay 8886e1714e3d --speed max --db ${db}`, {columns: 100, rows: 30});
		try {
			let screen = await waitForScreen(terminal.capture, text => /event (\d+)\/\1 /.test(text));
			expect(screen).toMatch(/turn 7\/7/);
			expect(screen).toMatch(/in 22k \(12k cached\) out 788 \(288 reasoning\)/);
			expect(screen).toContain('tool decisions (12)');
			terminal.keys('0');
			screen = await waitForScreen(terminal.capture, text => /event 0\//.test(text));
			expect(screen).toMatch(/turn 0\/7/);
			terminal.keys(']');
			terminal.keys(']');
			screen = await waitForScreen(terminal.capture, text => /turn 2\/7/.test(text));
			expect(screen).toMatch(/▾ 2 SCENARIO=tool/);
			expect(screen).not.toMatch(/▾ 3 /);
			terminal.keys('$');
			await waitForScreen(terminal.capture, text => /event (\d+)\/\1 /.test(text) && text.includes('turn 7/7'));
			terminal.keys('q');
			await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
		} finally {
			terminal.kill();
		}
	});

	test('an unknown id is a clear message and exit code 1', () => {
		const result = runCli(['replay', 'nope', '--db', db]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/no session matches "nope"/);
	});
});
