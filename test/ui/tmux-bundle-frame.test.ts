import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH} from '../helpers/cli.js';
import {recordedDatabase} from '../helpers/recorded-database.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

// Users run dist/codexmon.cjs: strict CommonJS, with Ink, Yoga and ansi-tokenize edited by the build
// (source/build/bundle-patches.mjs). The other screen tests pass through it too; this one checks that it draws,
// colours included, exactly the frame the sources (the unedited packages) draw.
const SOURCE_CLI = fileURLToPath(new URL('../../source/cli.ts', import.meta.url));
const db = recordedDatabase('frame.db', loadCapture('tui-session'));

async function lastFrame(cli: string): Promise<string> {
	const terminal = startTmux(`env -u CI -u FORCE_COLOR ${cli} replay 8886e1714e3d --speed max --db ${db}`, {columns: 100, rows: 30});
	try {
		await waitForScreen(terminal.capture, text => /event (\d+)\/\1 /.test(text), 30_000);
		const frame = terminal.captureAnsi();
		terminal.keys('q');
		await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
		return frame;
	} finally {
		terminal.kill();
	}
}

describe.skipIf(!HAS_TMUX)('the shipped bundle in tmux', () => {
	test('draws the same frame, colours included, as the sources', async () => {
		const bundled = await lastFrame(`${process.execPath} ${CLI_PATH}`);
		const fromSource = await lastFrame(`${process.execPath} --import tsx ${SOURCE_CLI}`);
		expect(bundled).toMatch(/turn 7\/7/);
		expect(bundled).toContain('\u001B[');
		expect(bundled).toBe(fromSource);
	});
});
