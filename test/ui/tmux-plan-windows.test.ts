import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCaptureFrom} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';
import {latestRolloutMs, shiftCapture, shiftRollout} from '../helpers/retime-capture.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const SET = 'codex-0.171.0';
const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** Today's session directory, the only one (with yesterday's) `--watch-sessions` looks at. */
function today(): string {
	const date = new Date();
	return `${date.getFullYear()}/${String(date.getMonth() + 1).padStart(2, '0')}/${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * The live screen with --watch-sessions, receiving the capture over OTLP while its rollout sits in CODEX_HOME,
 * both moved in time to end seconds ago (so the plan windows' reset times lie ahead, as in a session live now).
 */
async function watchScenario(name: string, size: {columns: number; rows: number}) {
	const home = path.join(directory, `${name}-${size.columns}`, 'codex');
	const rollouts = loadRolloutsFrom(SET, name);
	const shiftMs = Math.round((Date.now() - 5000 - Math.max(...rollouts.map(({text}) => latestRolloutMs(text)))) / 1000) * 1000;
	writeCodexHome(home, rollouts.map(({file, text}) => ({file, text: shiftRollout(text, shiftMs)})), today());
	const db = path.join(directory, `${name}-${size.columns}`, 'codexmon.db');
	const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db} --watch-sessions --codex-home ${home}`, size);
	// The status bar shows the address (only its port on a narrow screen).
	const screen = await waitForScreen(terminal.capture, text => /:\d+ req/.test(text));
	await postCapture(`http://127.0.0.1:${/:(\d+) req/.exec(screen)![1]}`, shiftCapture(loadCaptureFrom(SET, name), shiftMs));
	return terminal;
}

function expectFits(screen: string, columns: number): void {
	for (const line of screen.split('\n')) {
		expect(line.length).toBeLessThanOrEqual(columns);
	}
}

describe.skipIf(!HAS_TMUX)('the plan windows in the live header, from the rollout', () => {
	test.each([[80, 24], [60, 20]])('%ix%i: exec-rate-limits shows 5h 19.5 and wk 41.5 percent with their reset times', async (columns, rows) => {
		const terminal = await watchScenario('exec-rate-limits', {columns, rows});
		try {
			const screen = await waitForScreen(terminal.capture, text => text.includes('plan 5h'), 20_000);
			expect(screen).toMatch(/plan 5h 19\.5% ↺\d\d:\d\d · wk 41\.5% ↺(?:\w{3} )?\d\d:\d\d/);
			expect(screen).not.toContain('PLAN');
			expectFits(screen, columns);
			terminal.keys('q');
		} finally {
			terminal.kill();
		}
	});

	test.each([[80, 24], [60, 20]])('%ix%i: exec-usage-limit shows the full window and the usage-limit alert', async (columns, rows) => {
		const terminal = await watchScenario('exec-usage-limit', {columns, rows});
		try {
			const screen = await waitForScreen(terminal.capture, text => text.includes('plan 5h') && text.includes('PLAN'), 20_000);
			expect(screen).toMatch(/plan 5h 100% ↺\d\d:\d\d · wk 64%/);
			expect(screen).toMatch(/‼ PLAN (?:usage-limit: usage limit reached|window: plan 5h window at 100%)/);
			expectFits(screen, columns);
			terminal.keys('q');
		} finally {
			terminal.kill();
		}
	});
});
