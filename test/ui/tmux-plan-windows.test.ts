import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, waitForScreen} from '../helpers/tmux.js';
import {watchScenario as watchIn} from '../helpers/watch-scenario.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

function expectFits(screen: string, columns: number): void {
	for (const line of screen.split('\n')) {
		expect(line.length).toBeLessThanOrEqual(columns);
	}
}

describe.skipIf(!HAS_TMUX)('the plan windows in the live header, from the rollout', () => {
	test.each([[80, 24], [60, 20]])('%ix%i: exec-rate-limits shows 5h 19.5 and wk 41.5 percent with their reset times', async (columns, rows) => {
		const terminal = await watchIn(directory, 'exec-rate-limits', {columns, rows});
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
		const terminal = await watchIn(directory, 'exec-usage-limit', {columns, rows});
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
