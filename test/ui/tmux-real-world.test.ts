import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCaptureFrom} from '../helpers/captures.js';
import {CLI_PATH, postCapture, temporaryDirectory} from '../helpers/cli.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/**
 * codexmon as a user runs it: the live screen, watching a Codex home that holds the scenario's rollout (as Codex
 * writes it), and receiving the scenario's OTLP.
 */
async function watchScenario(name: string, size: {columns: number; rows: number}) {
	const home = path.join(directory, `${name}-${size.columns}`, 'codex');
	writeCodexHome(home, loadRolloutsFrom('codex-0.171.0', name));
	const db = path.join(directory, `${name}-${size.columns}`, 'codexmon.db');
	const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db} --codex-home ${home}`, size);
	const screen = await waitForScreen(terminal.capture, text => /127\.0\.0\.1:\d+/.test(text));
	await postCapture(`http://127.0.0.1:${/127\.0\.0\.1:(\d+)/.exec(screen)![1]}`, loadCaptureFrom('codex-0.171.0', name));
	return terminal;
}

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
			const screen = await waitForScreen(terminal.capture, text => text.includes('failed: usage limit'), 15_000);
			expect(screen).toMatch(/▾ 1 SCENARIO=usage_limit.*✖/);
			fits(screen, size.columns);
			await quit(terminal);
		} finally {
			terminal.kill();
		}
	});

	test('80x24: an interrupted exec is interrupted, not idle', async () => {
		const terminal = await watchScenario('exec-interrupt', {columns: 80, rows: 24});
		try {
			const screen = await waitForScreen(terminal.capture, text => /interrupted \d/.test(text), 15_000);
			expect(screen).toMatch(/▾ 1 SCENARIO=long_sleep.*⊘/);
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
			expect(screen).toMatch(/✖ tickets: ticket_close/);
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
