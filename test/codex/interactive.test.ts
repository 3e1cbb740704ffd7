import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {formatCount} from '../../source/format/format-number.js';
import type {SessionSummary} from '../../source/model/session-summary.js';
import {CLI_PATH, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';
import {createCodexHome, type CodexHome} from './codex-home.js';
import {runCliAsync, waitForSession} from './codexmon.js';
import {endProcessesUnder} from './leftover-processes.js';
import {startMockResponsesApi, type MockResponsesApi} from './mock-responses-api.js';
import {CODEX_BINARY, stopAppServerDaemon} from './run-codex.js';
import {escalateScenario, TITLE_USAGE, totalUsage} from './scenarios.js';

const directory = temporaryDirectory();
const db = path.join(directory, 'codexmon.db');
const probe = path.join(directory, 'probe-outside-workspace');
const scenario = escalateScenario(probe);
let mock: MockResponsesApi;
let codexmon: ReturnType<typeof startTmux>;
let codex: CodexHome;

const pause = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

beforeAll(async () => {
	mock = await startMockResponsesApi([scenario]);
	// The user's path: codexmon's live screen is the receiver, Codex runs beside it.
	codexmon = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, {columns: 80, rows: 24});
	const screen = await waitForScreen(codexmon.capture, text => /127\.0\.0\.1:\d+/.test(text), 20_000);
	codex = await createCodexHome(directory, {mockBaseUrl: mock.baseUrl, codexmonPort: Number(/127\.0\.0\.1:(\d+)/.exec(screen)![1]), approvalPolicy: 'on-request'});
});

afterAll(async () => {
	codexmon?.kill();
	if (codex) {
		endProcessesUnder(codex.home);
	}

	await mock?.close();
	fs.rmSync(directory, {recursive: true, force: true});
});

describe.skipIf(!HAS_TMUX)('interactive codex in tmux → codexmon\'s live screen', () => {
	test('a prompt, an approval answered with y, /quit, daemon stop: a user decision, the scripted tokens, on screen at 80x24', async () => {
		const environment = Object.entries(codex.env).map(([key, value]) => `${key}='${value}'`).join(' ');
		const terminal = startTmux(`cd '${codex.workdir}' && exec env -i ${environment} '${CODEX_BINARY}'`, {columns: 100, rows: 30});
		const type = async (text: string) => {
			terminal.keys('-l', text);
			await waitForScreen(terminal.capture, screen => screen.includes(text));
			// Codex's composer treats keys that arrive in one burst as a paste, where Enter is a newline.
			await pause(500);
			terminal.keys('Enter');
		};

		try {
			await waitForScreen(terminal.capture, screen => screen.includes('Ask Codex to do anything'), 30_000);
			await type(scenario.prompt);
			let screen = await waitForScreen(terminal.capture, text => text.includes('Would you like to run the following command?'), 30_000);
			expect(screen).toContain(`$ touch ${probe}`);
			expect(screen).toContain('Reason: The probe file lives outside the workspace.');
			terminal.keys('y');
			screen = await waitForScreen(terminal.capture, text => text.includes('Escalation request finished.'), 30_000);
			expect(screen).toContain(`You approved codex to run touch ${probe} this time`);
			expect(fs.existsSync(probe)).toBe(true);
			await type('/quit');
			await waitForScreen(() => terminal.isAlive() ? terminal.capture() : '(exited)', text => text === '(exited)', 30_000);
		} finally {
			terminal.kill();
		}

		// The daemon ran the turn and outlives the TUI; stopping it flushes what it still holds.
		const stopped = await stopAppServerDaemon(codex);
		expect(stopped.status, stopped.output).toBe(0);
		expect(stopped.output).toMatch(/"status":"stopped"/);

		const document = await waitForSession(db, scenario.prompt, document => document.modelRequests === 2 && document.toolCalls[0]?.success !== null && document.toolCalls.length === 1);
		expect(document).toMatchObject({kind: 'main', entry: 'interactive', serviceName: 'codex-app-server', approvalPolicy: 'on-request', sandboxPolicy: 'workspace-write', provider: 'Mock Responses'});
		expect(document.turns).toHaveLength(1);
		expect(document.turns[0]!.prompt).toBe(scenario.prompt);
		expect(document.turns[0]!.requests.map(request => request.tokens)).toEqual(scenario.usage.map(usage => ({...usage, total: usage.input + usage.output})));
		expect(document.tokens).toEqual(totalUsage(scenario.usage));
		expect(document.toolCalls).toHaveLength(1);
		expect(document.toolCalls[0]).toMatchObject({tool: 'exec_command', decision: 'approved', decisionSource: 'User', success: true, aborted: false});
		expect(JSON.parse(document.toolCalls[0]!.arguments)).toMatchObject({cmd: `touch ${probe}`, sandbox_permissions: 'require_escalated'});
		expect(document.decisions).toMatchObject({approved: 1, approved_with_amendment: 0, denied: 0, abort: 0});

		// The TUI's hidden title thread is its own session, with its own scripted usage, and is listed only with --all.
		const all = JSON.parse((await runCliAsync(['sessions', '--json', '--all', '--db', db])).stdout) as SessionSummary[];
		const titles = all.filter(row => row.kind === 'title');
		expect(titles).toHaveLength(1);
		expect(titles[0]!.tokens).toEqual(totalUsage([TITLE_USAGE]));
		const visible = JSON.parse((await runCliAsync(['sessions', '--json', '--db', db])).stdout) as SessionSummary[];
		expect(visible.map(row => row.conversationId)).toEqual([document.conversationId]);
		expect(mock.served.filter(request => request.error)).toEqual([]);

		// codexmon names a session by the last 8 characters of its id.
		const screen = await waitForScreen(codexmon.capture, text => text.includes(document.conversationId.slice(-8)) && text.includes('tool decisions (1)'), 20_000);
		expect(screen).toMatch(new RegExp(`${document.conversationId.slice(-8)} gpt-5\\.1-codex-mini · interactive · approval on-request`));
		const tokens = document.tokens;
		expect(screen).toContain(`in ${formatCount(tokens.input)} (${formatCount(tokens.cached)} cached) out ${formatCount(tokens.output)} (${formatCount(tokens.reasoning)} reasoning) = ${formatCount(tokens.total)}`);
		expect(screen).toMatch(/◆ model 1[\s\S]*✔ touch \/tmp[\s\S]*◆ model 2/);
		expect(screen).toMatch(/✔approved·User 1/);
		expect(screen).toMatch(/✔ U touch \/tmp/);
		for (const line of screen.split('\n')) {
			expect(line.length).toBeLessThanOrEqual(80);
		}
	});
});
