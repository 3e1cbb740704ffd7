import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {formatCount} from '../../source/format/format-number.js';
import type {SessionSummary} from '../../source/model/session-summary.js';
import {CLI_PATH, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';
import {createCodexHome, type CodexHome} from './codex-home.js';
import {CODEX_RUNS, type CodexRun} from './codex-runs.js';
import {runCliAsync, waitForSession} from './codexmon.js';
import {countsModelRequests, expectRequestModel, served as servedAsScripted} from './expect-requests.js';
import {expectTransportOf} from './expect-transport.js';
import {endProcessesUnder} from './leftover-processes.js';
import {startMockResponsesApi, type MockResponsesApi} from './mock-responses-api.js';
import {stopAppServerDaemon} from './run-codex.js';
import {escalateScenario, TITLE_USAGE, totalUsage, type Scenario} from './scenarios.js';

describe.skipIf(!HAS_TMUX).each(CODEX_RUNS)('interactive codex $label in tmux → codexmon\'s live screen', (run: CodexRun) => {
	const directory = temporaryDirectory();
	const db = path.join(directory, 'codexmon.db');
	// Three escalated commands, answered y (once), p (a prefix rule) and Esc (declined). Their paths share no
	// prefix, so the rule from p cannot approve the third one.
	const once = escalateScenario('approveonce', 6, path.join(directory, 'approved-once'));
	const prefix = escalateScenario('approveprefix', 7, path.join(directory, 'approved-by-rule'));
	const declined = escalateScenario('decline', 8, path.join(directory, 'declined'));
	let mock: MockResponsesApi;
	let codexmon: ReturnType<typeof startTmux>;
	let codex: CodexHome;

	const pause = async (ms: number) => new Promise(resolve => {
		setTimeout(resolve, ms);
	});

	beforeAll(async () => {
		mock = await startMockResponsesApi([once, prefix, declined], {transport: run.transport});
		// The user's path: codexmon's live screen is the receiver, Codex runs beside it.
		codexmon = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, {columns: 80, rows: 24});
		const screen = await waitForScreen(codexmon.capture, text => /127\.0\.0\.1:\d+/.test(text), 20_000);
		codex = await createCodexHome(directory, {version: run.version, transport: run.transport, mockBaseUrl: mock.baseUrl, codexmonPort: Number(/127\.0\.0\.1:(\d+)/.exec(screen)![1]), approvalPolicy: 'on-request'});
	});

	afterAll(async () => {
		codexmon?.kill();
		if (codex) {
			endProcessesUnder(codex.home);
		}

		await mock?.close();
		fs.rmSync(directory, {recursive: true, force: true});
	});

	const probeOf = (scenario: Scenario) => (scenario.steps[0] as {cmd: string}).cmd.replace('touch ', '');

		test('three approvals answered y, p and Esc, /quit, daemon stop: the user\'s decisions, the scripted tokens, on screen at 80x24', async () => {
			const environment = Object.entries(codex.env).map(([key, value]) => `${key}='${value}'`).join(' ');
			const terminal = startTmux(`cd '${codex.workdir}' && exec env -i ${environment} '${codex.binary}'`, {columns: 100, rows: 30});
			const submit = async (text: string) => {
				await waitForScreen(terminal.capture, screen => screen.includes('Ask Codex to do anything'), 30_000);
				terminal.keys('-l', text);
				await waitForScreen(terminal.capture, screen => screen.includes(text));
				// Codex's composer treats keys that arrive in one burst as a paste, where Enter is a newline.
				await pause(500);
				terminal.keys('Enter');
			};

			const approval = async (scenario: Scenario) => {
				await submit(scenario.prompt);
				const screen = await waitForScreen(terminal.capture, text => text.includes('Would you like to run the following command?'), 30_000);
				expect(screen).toContain(`$ touch ${probeOf(scenario)}`);
				expect(screen).toContain('Reason: The probe file lives outside the workspace.');
			};

			// Codex draws its approval dialog a moment before it reads keys: a key pressed in that moment is lost.
			// It is pressed again only while the dialog is still open, so no key ever reaches the composer.
			const answer = async (key: string, done: (screen: string) => boolean) => {
				await pause(300);
				terminal.keys(key);
				for (let waited = 0; waited < 3; waited++) {
					try {
						return await waitForScreen(terminal.capture, done, 10_000);
					} catch {
						if (terminal.capture().includes('Would you like to run the following command?')) {
							terminal.keys(key);
						}
					}
				}

				return waitForScreen(terminal.capture, done, 10_000);
			};

			try {
				await approval(once);
				await answer('y', text => text.includes(`You approved codex to run touch ${probeOf(once)} this time`) && text.includes('Escalation request finished.'));
				expect(fs.existsSync(probeOf(once))).toBe(true);

				await approval(prefix);
				await answer('p', text => text.includes(probeOf(prefix)) && /Escalation request finished\.[\s\S]*Escalation request finished\./.test(text));
				expect(fs.existsSync(probeOf(prefix))).toBe(true);

				await approval(declined);
				await pause(300);
				terminal.keys('Escape');
				const afterDecline = await waitForScreen(terminal.capture, text => text.includes('Ask Codex to do anything') && !text.includes('Would you like to run'), 30_000);
				expect(afterDecline).toContain(`You canceled the request to run touch ${probeOf(declined)}`);
				expect(fs.existsSync(probeOf(declined))).toBe(false);

				await submit('/quit');
				await waitForScreen(() => terminal.isAlive() ? terminal.capture() : '(exited)', text => text === '(exited)', 30_000);
			} finally {
				terminal.kill();
			}

			// The daemon ran the turns and outlives the TUI; stopping it flushes what it still holds.
			const stopped = await stopAppServerDaemon(codex);
			expect(stopped.status, stopped.output).toBe(0);
			expect(stopped.output).toMatch(/"status":"stopped"/);

			// The declined turn asked the model once; the others twice.
			const served = [...once.usage, ...prefix.usage, declined.usage[0]!];
			const document = await waitForSession(db, once.prompt, document => document.turns.length === 3
				&& document.tokens.total === totalUsage(served).total
				&& (!countsModelRequests(document, run.transport) || document.modelRequests === served.length)
				&& document.toolCalls.length === 3
				&& document.toolCalls.every(call => call.success !== null || call.aborted));
			expect(document).toMatchObject({kind: 'main', entry: 'interactive', serviceName: 'codex-app-server', approvalPolicy: 'on-request', sandboxPolicy: 'workspace-write', provider: 'Mock Responses'});
			expect(document.turns.map(turn => turn.prompt)).toEqual([once.prompt, prefix.prompt, declined.prompt]);
			if (run.transport === 'http') {
				expect(document.turns.map(turn => turn.modelRequests)).toEqual([2, 2, 1]);
				expect(document.turns.flatMap(turn => turn.requests.map(request => request.tokens))).toEqual(served.map(usage => ({...usage, total: usage.input + usage.output})));
			}

			expectRequestModel(document, {transport: run.transport, turns: [servedAsScripted(once.usage), servedAsScripted(prefix.usage), servedAsScripted(declined.usage.slice(0, 1))]});
			for (const scenario of [once, prefix, declined]) {
				expectTransportOf(mock, scenario.name, document.conversationId, 'codex-tui');
			}

			expect(document.tokens).toEqual(totalUsage(served));
			expect(document.toolCalls.slice(0, 2).map(call => JSON.parse(call.arguments) as unknown)).toEqual([once, prefix].map(scenario => expect.objectContaining({cmd: `touch ${probeOf(scenario)}`, sandbox_permissions: 'require_escalated'})));
			expect(document.toolCalls[0]).toMatchObject({tool: 'exec_command', decision: 'approved', decisionSource: 'User', success: true, aborted: false});
			expect(document.toolCalls[1]).toMatchObject({tool: 'exec_command', decision: 'approved_with_amendment', decisionSource: 'User', success: true, aborted: false});
			// A declined call leaves no codex.tool_decision or tool_result, only its span marked aborted.
			expect(document.toolCalls[2]).toMatchObject({tool: 'exec_command', decision: 'abort', decisionSource: 'User', success: null, aborted: true});
			expect(document.decisions).toEqual({approved: 1, approved_with_amendment: 1, approved_for_session: 0, denied: 0, abort: 1});

			// The TUI's hidden title threads are sessions of their own (one per turn up to 0.169.0, one per session
			// since), with their own scripted usage, listed only with --all.
			const all = JSON.parse((await runCliAsync(['sessions', '--json', '--all', '--db', db])).stdout) as SessionSummary[];
			const titles = all.filter(row => row.kind === 'title');
			expect(titles).toHaveLength(run.version === '0.169.0' ? 3 : 1);
			for (const title of titles) {
				expect(title.tokens).toEqual(totalUsage([TITLE_USAGE]));
			}

			// Over WebSocket each thread has its own connection, the title thread too.
			const threads = run.transport === 'websocket' ? [document.conversationId, ...titles.map(title => title.conversationId)] : [];
			expect(mock.connections.map(connection => connection.headers['thread-id']).sort()).toEqual(threads.sort());
			expect(mock.warmups).toHaveLength(threads.length);

			const visible = JSON.parse((await runCliAsync(['sessions', '--json', '--db', db])).stdout) as SessionSummary[];
			expect(visible.map(row => row.conversationId)).toEqual([document.conversationId]);
			expect(mock.served.filter(request => request.error)).toEqual([]);

			// codexmon names a session by the last 8 characters of its id.
			const screen = await waitForScreen(codexmon.capture, text => text.includes(document.conversationId.slice(-8)) && text.includes('tool decisions (3)'), 20_000);
			expect(screen).toMatch(new RegExp(`${document.conversationId.slice(-8)} .* · gpt-5\\.1-codex-mini · interactive · (http|ws)`));
			const tokens = document.tokens;
			expect(screen).toContain(`${formatCount(tokens.total)} tok · in ${formatCount(tokens.input)} (${formatCount(tokens.cached)} cached) out ${formatCount(tokens.output)} (${formatCount(tokens.reasoning)} reasoning)`);
			expect(screen).toMatch(/✔1U/);
			expect(screen).toMatch(/✔ U touch \/tmp/);
			expect(screen).toMatch(/✚ U touch \/tmp/);
			expect(screen).toMatch(/⊘ U exec_command\s+abort/);
			for (const line of screen.split('\n')) {
				expect(line.length).toBeLessThanOrEqual(80);
			}
		});
});
