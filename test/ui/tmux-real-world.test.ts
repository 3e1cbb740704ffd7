import fs from 'node:fs';
import {afterAll, describe, expect, test} from 'vitest';
import {temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, waitForScreen} from '../helpers/tmux.js';
import {watchScenario as watchIn} from '../helpers/watch-scenario.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const watchScenario = async (name: string, size: {columns: number; rows: number}) => watchIn(directory, name, size);

async function quit(terminal: Awaited<ReturnType<typeof watchScenario>>) {
	terminal.keys('q');
	await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
}

function fits(screen: string, columns: number) {
	for (const line of screen.split('\n')) {
		expect(line.length).toBeLessThanOrEqual(columns);
	}
}

describe.skipIf(!HAS_TMUX)('what real sessions contain, on the screen', () => {
	test.each([{columns: 80, rows: 24}, {columns: 60, rows: 20}])('$columns x $rows: a usage-limit failure says so in the header and on its turn', async size => {
		const terminal = await watchScenario('exec-usage-limit', size);
		try {
			const screen = await waitForScreen(terminal.capture, text => text.includes('failed: usage limit') && /▾ 1 SCENARIO=usage_lim.*✖/.test(text), 15_000);
			expect(screen).toMatch(/✖ failed: usage limit/);
			fits(screen, size.columns);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('80x24: an interrupted exec is interrupted, not idle', async () => {
		const terminal = await watchScenario('exec-interrupt', {columns: 80, rows: 24});
		try {
			const screen = await waitForScreen(terminal.capture, text => /interrupted \d/.test(text) && /▾ 1 SCENARIO=long_sl.*⊘/.test(text), 15_000);
			expect(screen).toMatch(/⊘ interrupted/);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('80x24: MCP calls name their server; a read-only one needed no approval', async () => {
		const terminal = await watchScenario('exec-mcp-tool', {columns: 80, rows: 24});
		try {
			let screen = await waitForScreen(terminal.capture, text => (text.match(/tickets: /g)?.length ?? 0) >= 3);
			expect(screen).toMatch(/· tickets: ticket_lookup/);
			// Refused by the policy (approval never), though Codex logs it as the User's: C, not U.
			expect(screen).toMatch(/✖ ✖ fail tickets: ticket_clo.* C /);
			terminal.keys('g');
			terminal.keys('j');
			terminal.keys('j');
			terminal.keys('Enter');
			screen = await waitForScreen(terminal.capture, text => text.includes('MCP server tickets'));
			expect(screen).toMatch(/decision · auto \(no approval asked\)/);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test.each([{columns: 80, rows: 24}, {columns: 60, rows: 20}])('$columns x $rows: a compaction is marked on the timeline and its request is not numbered', async size => {
		const terminal = await watchScenario('exec-compaction', size);
		try {
			const screen = await waitForScreen(terminal.capture, text => text.includes('≡ context compacted') && text.includes('◆ model 5'), 15_000);
			expect(screen).toContain('◆ compaction summary');
			expect(screen).not.toContain('◆ model 6');
			fits(screen, size.columns);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('80x24: patches name their files, the hosted web search is a call', async () => {
		const terminal = await watchScenario('exec-apply-patch', {columns: 80, rows: 24});
		try {
			const screen = await waitForScreen(terminal.capture, text => text.includes('apply_patch src/b.ts'));
			expect(screen).toContain('apply_patch src/a.ts');
			expect(screen).toContain('apply_patch CHANGELOG.md');
			expect(screen).toMatch(/web_search/);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('80x24: the interactive session with interrupts: each interrupted turn marked, the last failed', async () => {
		const terminal = await watchScenario('tui-interrupt', {columns: 80, rows: 24});
		try {
			terminal.keys('g');
			const screen = await waitForScreen(terminal.capture, text => text.includes('failed: usage limit') && (text.match(/⊘$/gm)?.length ?? 0) + (text.match(/ ⊘ /g)?.length ?? 0) >= 1, 15_000);
			expect(screen).toMatch(/SCENARIO=long_sleep.*⊘/);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});
});
