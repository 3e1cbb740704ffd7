import {describe, expect, test} from 'vitest';
import {loadDemoRequests} from '../../source/demo/demo-captures.js';
import {CLI_PATH} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

test('the demo plays real captures: a tool session, a loop, then the interactive session', () => {
	const requests = loadDemoRequests();
	expect(requests.map(request => request.scenario).filter((scenario, index, all) => all.indexOf(scenario) === index)).toEqual(['exec-tool', 'exec-loop', 'tui-session']);
	expect(requests.every((request, index) => index === 0 || request.atMs >= requests[index - 1]!.atMs)).toBe(true);
	expect(requests.length).toBe(4 + 15 + 53);
});

describe.skipIf(!HAS_TMUX)('codexmon demo in tmux', () => {
	test('needs no Codex: follows each session as it arrives, raises the loop alert, uses a throwaway db', async () => {
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} demo --speed 20`, {columns: 100, rows: 30});
		try {
			// Its captures are from November 2026, moved to now as they play: a session is live while it plays.
			let screen = await waitForScreen(terminal.capture, text => text.includes('● live'), 20_000);
			expect(screen).not.toMatch(/2026-11/);
			screen = await waitForScreen(terminal.capture, text => text.includes('LOOP repeat'), 20_000);
			expect(screen).toMatch(/‼ LOOP repeat: exec_command "echo loop"|⚠ LOOP repeat: exec_command "echo loop"/);
			expect(screen).toMatch(/codexmon-demo-/);
			screen = await waitForScreen(terminal.capture, text => text.includes('e1714e3d') && text.includes('tool decisions (12)'), 30_000);
			// Then where it ran, where there is room, or else the approval policy.
			expect(screen).toMatch(/interactive · http · (…\/\S*tui-session|…\/\S+…|approval on-request)/);
			terminal.keys('Escape');
			screen = await waitForScreen(terminal.capture, text => text.includes('sessions (3)'));
			expect(screen).toMatch(/4ec2d11d .* ⚠1/);
			terminal.keys('q');
			await waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone');
		} finally {
			terminal.kill();
		}
	});
});
