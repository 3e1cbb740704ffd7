import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {formatCount} from '../../source/format/format-number.js';
import type {SessionDocument} from '../../source/model/session-document.js';
import {CLI_PATH, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';
import {createCodexHome, type CodexHome} from './codex-home.js';
import {CODEX_RUNS, type CodexRun} from './codex-runs.js';
import {waitForConversation} from './codexmon.js';
import {countsModelRequests, expectRequestModel, served as servedAsScripted} from './expect-requests.js';
import {expectTransportOf} from './expect-transport.js';
import {startMockResponsesApi, type MockResponsesApi} from './mock-responses-api.js';
import {runCodexExec} from './run-codex.js';
import {callCommands, FAIL, LOOP, PING_PONG, SIMPLE, TOOL, TOOL_JSON, totalUsage, type Scenario} from './scenarios.js';

/** Over WebSocket the mock holds each answer back this long, so the time to first token is a real figure. */
const WEBSOCKET_DELAY_MS = 200;

describe.each(CODEX_RUNS)('codex $label exec → codexmon serve', (run: CodexRun) => {
	const directory = temporaryDirectory();
	const db = path.join(directory, 'codexmon.db');
	let mock: MockResponsesApi;
	let served: Served;
	let codex: CodexHome;
	const recorded = new Map<string, SessionDocument>();

	beforeAll(async () => {
		mock = await startMockResponsesApi([SIMPLE, TOOL, FAIL, LOOP, PING_PONG, TOOL_JSON], {transport: run.transport, delayMs: run.transport === 'websocket' ? WEBSOCKET_DELAY_MS : 0});
		served = await startServe(['--db', db]);
		codex = await createCodexHome(directory, {version: run.version, transport: run.transport, mockBaseUrl: mock.baseUrl, codexmonPort: served.port, approvalPolicy: 'never'});
	});

	afterAll(async () => {
		await served?.stop();
		await mock?.close();
		fs.rmSync(directory, {recursive: true, force: true});
	});

	/** Runs one scenario through `codex exec` and returns codexmon's view of it once every scripted request and call is in. */
	async function execScenario(scenario: Scenario, finalAnswer: string, home = codex): Promise<SessionDocument> {
		const result = await runCodexExec(home, scenario.prompt);
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout.trim()).toBe(finalAnswer);
		// Every scripted step was asked for exactly once, in order: no retries, no stray requests.
		expect(mock.served.filter(request => request.scenario === scenario.name).map(request => request.step)).toEqual(scenario.steps.map((_, step) => step));
		expectTransportOf(mock, scenario.name, result.conversationId!, 'codex_exec');
		const calls = callCommands(scenario).length;
		const total = totalUsage(scenario.usage);
		// The tokens and tool calls are in once the logs are; the request rows too where codexmon models them.
		const document = await waitForConversation(db, result.conversationId!, document => document.tokens.total === total.total
			&& (!countsModelRequests(document, run.transport) || document.modelRequests === scenario.steps.length)
			&& document.toolCalls.length === calls
			&& document.toolCalls.every(call => call.success !== null));
		recorded.set(scenario.name, document);
		return document;
	}

	function expectScriptedShape(document: SessionDocument, scenario: Scenario): void {
		expect(document).toMatchObject({kind: 'main', entry: 'exec', serviceName: 'codex_exec', model: 'gpt-5.1-codex-mini', provider: 'Mock Responses', approvalPolicy: 'never', sandboxPolicy: 'workspace-write'});
		expect(document.turns).toHaveLength(1);
		const [turn] = document.turns;
		expect(turn!.prompt).toBe(scenario.prompt);
		expect(turn!.toolCalls).toBe(callCommands(scenario).length);
		if (run.transport === 'http') {
			// Each model request carries exactly the usage the mock scripted for it.
			expect(turn!.modelRequests).toBe(scenario.steps.length);
			expect(turn!.requests.map(request => request.tokens)).toEqual(scenario.usage.map(usage => ({...usage, total: usage.input + usage.output})));
			expect(turn!.requests.every(request => request.status === 200 && request.error === null)).toBe(true);
		}

		// On both transports once show --json has the per-request model (the gate is in expectRequestModel).
		// Codex's own clock rounds: 199 ms was seen for the mock's 200 ms delay.
		expectRequestModel(document, {transport: run.transport, turns: [servedAsScripted(scenario.usage)], minTtftMs: run.transport === 'websocket' ? WEBSOCKET_DELAY_MS / 2 : 0});
		expect(turn!.tokens).toEqual(totalUsage(scenario.usage));
		expect(document.tokens).toEqual(totalUsage(scenario.usage));
		expect(document.toolCalls.map(call => (JSON.parse(call.arguments) as {cmd: string}).cmd)).toEqual(callCommands(scenario));
		for (const call of document.toolCalls) {
			expect(call).toMatchObject({tool: 'exec_command', turnIndex: 1, decision: 'approved', decisionSource: 'Config', aborted: false});
		}

		expect(document.decisions).toMatchObject({approved: callCommands(scenario).length, denied: 0, abort: 0});
	}

		test('a plain answer: one turn, one model request, the scripted tokens, no tool calls', async () => {
			const document = await execScenario(SIMPLE, 'Hello from the mock model.');
			expectScriptedShape(document, SIMPLE);
			expect(document.toolCalls).toEqual([]);
			expect(document.alerts).toEqual([]);
		});

		test('one tool call: the command, its output and the policy\'s decision', async () => {
			const document = await execScenario(TOOL, 'The command printed: hi');
			expectScriptedShape(document, TOOL);
			expect(document.toolCalls[0]!.success).toBe(true);
			expect(document.toolCalls[0]!.output).toMatch(/Process exited with code 0[\s\S]*\nhi\n/);
			expect(document.alerts).toEqual([]);
		});

		test('a failing command: Codex counts the call a success; codexmon reads the exit code from the output', async () => {
			const document = await execScenario(FAIL, 'The command failed (exit code 2).');
			expectScriptedShape(document, FAIL);
			expect(document.toolCalls[0]).toMatchObject({success: false, exitCode: 2, kind: 'command'});
			expect(document.toolCalls[0]!.output).toMatch(/Process exited with code 2/);
			expect(document.toolCalls[0]!.output).toMatch(/No such file or directory/);
		});

		test('the same command four times: a repeat loop alert naming the calls', async () => {
			const document = await execScenario(LOOP, 'I ran echo loop 4 times; stopping.');
			expectScriptedShape(document, LOOP);
			expect(document.alerts).toHaveLength(1);
			expect(document.alerts[0]).toMatchObject({kind: 'loop', pattern: 'repeat', severity: 'warning', callIds: document.toolCalls.map(call => call.callId), evidence: {count: 4, identical: true}});
			expect(document.alerts[0]!.message).toMatch(/echo loop.* ran 4× with the same result/);
		});

		test('ping-pong between two commands: a cycle alert, not two repeats', async () => {
			const document = await execScenario(PING_PONG, 'Ping-pong done.');
			expectScriptedShape(document, PING_PONG);
			expect(document.alerts.map(alert => alert.pattern)).toEqual(['cycle']);
			expect(document.alerts[0]).toMatchObject({kind: 'loop', severity: 'warning', callIds: document.toolCalls.map(call => call.callId), evidence: {period: 2, rounds: 3}});
			expect(document.alerts[0]!.message).toMatch(/echo ping.*→.*echo pong|echo pong.*→.*echo ping/);
		});

		test.skipIf(!HAS_TMUX)('codexmon\'s screen at 80x24, following the database serve writes: the last session with its alert, then all five', async () => {
			const pingPong = recorded.get(PING_PONG.name)!;
			const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --db ${db}`, {columns: 80, rows: 24});
			try {
				// codexmon names a session by the last 8 characters of its id.
				let screen = await waitForScreen(terminal.capture, text => text.includes(pingPong.conversationId.slice(-8)) && text.includes('tool decisions (6)'), 20_000);
				expect(screen).toMatch(new RegExp(`${pingPong.conversationId.slice(-8)} .* · gpt-5\\.1-codex-mini · exec · (http|ws)`));
				expect(screen).toContain('⚠ LOOP cycle: 2 calls alternating for 3 rounds: "echo ping" → "echo pong"');
				expect(screen).toMatch(/✔ (⚠ )?echo ping[\s\S]*✔ (⚠ )?echo pong/);
				expect(screen).toContain('✔6C');
				expect(screen).toContain(`${formatCount(pingPong.tokens.total)} tok · in`);
				terminal.keys('Escape');
				terminal.keys('Escape');
				screen = await waitForScreen(terminal.capture, text => text.includes('sessions (5)'));
				for (const [name, document] of recorded) {
					const row = screen.split('\n').find(line => line.includes(document.conversationId.slice(-8)));
					// At 80 columns: status in words, id, the directory Codex ran in, age, duration, tokens and cost.
					expect(row, `${name} is listed`).toMatch(new RegExp(`^[ ›]?. ended +${document.conversationId.slice(-8)} +\\S*/workdir +\\S+( ago)? +\\S+ +${formatCount(document.tokens.total)} +\\$\\d`));
					// Only the loop and the ping-pong raised an alert.
					expect(row!.includes('⚠1')).toBe(document.alerts.length === 1);
				}

				expect([...recorded.values()].filter(document => document.alerts.length > 0).map(document => document.turns[0]!.prompt)).toEqual([LOOP.prompt, PING_PONG.prompt]);

				for (const line of screen.split('\n')) {
					expect(line.length).toBeLessThanOrEqual(80);
				}
			} finally {
				terminal.kill();
			}
		});

		test('the same over OTLP/JSON: the other wire format Codex can send', async () => {
			const jsonHome = await createCodexHome(path.join(directory, 'json'), {version: run.version, transport: run.transport, mockBaseUrl: mock.baseUrl, codexmonPort: served.port, approvalPolicy: 'never', protocol: 'json'});
			expect(fs.readFileSync(path.join(jsonHome.home, 'config.toml'), 'utf8').match(/protocol = "json"/g)).toHaveLength(3);
			const document = await execScenario(TOOL_JSON, 'The command printed: json', jsonHome);
			expectScriptedShape(document, TOOL_JSON);
			expect(document.toolCalls[0]!.output).toMatch(/Process exited with code 0[\s\S]*\njson\n/);
		});

		test('no request reached the mock that it could not answer', () => {
			expect(mock.served.filter(request => request.error)).toEqual([]);
			expect(mock.httpPosts).toBe(run.transport === 'http' ? mock.served.length : 0);
			// One connection per codex exec over WebSocket (six runs), none over HTTP.
			expect(mock.connections).toHaveLength(run.transport === 'websocket' ? 6 : 0);
		});
});
