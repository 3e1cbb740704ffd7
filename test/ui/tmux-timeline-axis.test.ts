import {describe, expect, test} from 'vitest';
import {readWriterLock} from '../../source/store/writer-lock.js';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH} from '../helpers/cli.js';
import {recordedDatabase} from '../helpers/recorded-database.js';
import {HAS_TMUX, PANE_SIZES, startTmux, waitForScreen} from '../helpers/tmux.js';

/** Turn rows are on the session's time axis, the rows under a turn on the turn's own: the label says which. */
const db = recordedDatabase('axis.db', loadCapture('tui-session'));

const axisLine = (screen: string) => screen.split('\n').find(line => line.startsWith('timeline'))!;

describe.skipIf(!HAS_TMUX)('the timeline names its time axis, at 60x20, 80x24 and 120x40', () => {
	test.each(PANE_SIZES)('$columns x $rows', async size => {
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, size);
		try {
			await waitForScreen(terminal.capture, text => text.includes('sessions (1)'));
			terminal.type('\r');
			await waitForScreen(terminal.capture, text => text.includes('e1714e3d') && text.includes('timeline'));
			// The first row is turn 1: the session's axis, 32.8 s long.
			terminal.keys('g');
			let screen = await waitForScreen(terminal.capture, text => /session 0 +32\.8s/.test(axisLine(text) ?? ''));
			expect(axisLine(screen)).toMatch(/tokens +time +session 0 +32\.8s$/);
			// Its first tool call is drawn on turn 1's own axis.
			terminal.keys('j');
			screen = await waitForScreen(terminal.capture, text => /turn 1 0 +[\d.]+m?s$/.test(axisLine(text) ?? ''));
			expect(axisLine(screen)).not.toContain('session');
			terminal.keys('q');
		} finally {
			terminal.kill();
			await waitForScreen(() => readWriterLock(db) ? 'held' : 'free', text => text === 'free');
		}
	});
});
