import {describe, expect, test} from 'vitest';
import {readWriterLock} from '../../source/store/writer-lock.js';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH} from '../helpers/cli.js';
import {recordedDatabase} from '../helpers/recorded-database.js';
import {HAS_TMUX, PANE_SIZES, startTmux, waitForScreen} from '../helpers/tmux.js';

/** What matters survives a narrow pane: cost, status, elapsed and tokens; approval and sandbox are cut first. */
const db = recordedDatabase('header.db', loadCapture('tui-session'));

describe.skipIf(!HAS_TMUX)('the session header at 60x20, 80x24 and 120x40', () => {
	test.each(PANE_SIZES)('$columns x $rows', async size => {
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, size);
		try {
			await waitForScreen(terminal.capture, text => text.includes('sessions (1)'));
			terminal.type('\r');
			const screen = await waitForScreen(terminal.capture, text => text.includes('e1714e3d') && text.includes('timeline'));
			const [identity, totals] = screen.split('\n');
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(size.columns);
			}

			expect(identity).toMatch(/^e1714e3d (◌ idle|○ ended) 32\.8s \$0\.0045 · gpt-5\.1-codex-mini/);
			// Where there is room, where the session ran: after the transport, before approval and sandbox.
			if (size.columns >= 120) {
				expect(identity).toContain('gpt-5.1-codex-mini · interactive · http · /home/dev/github/tui-session/repo · approval');
			} else {
				expect(identity).not.toContain('tui-session/repo');
			}

			expect(totals).toMatch(/^23k tok · in 22k \(12k cached\) out 788/);
			if (size.columns >= 120) {
				// The directory tells sessions apart; approval and sandbox give way to it.
				expect(identity).toMatch(/\/tui-session\/repo · approval/);
				expect(totals).toMatch(/\(288 reasoning\) · \d+k tok\/min/);
			}

			// A finished turn has no "now" rate; the decisions' summary is compact.
			expect(screen).not.toMatch(/now [\d.]+k?\/min/);
			if (size.columns >= 80) {
				expect(screen).toMatch(/✔9C ⊘1U ✔1U ✚1U/);
			}

			terminal.type('q');
		} finally {
			terminal.kill();
			// The next size starts its own receiver on this database, not a viewer of this one.
			await waitForScreen(() => readWriterLock(db) ? 'held' : 'free', text => text === 'free');
		}
	});
});
