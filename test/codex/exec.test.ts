import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {formatCount} from '../../source/format/format-number.js';
import type {SessionDocument} from '../../source/model/session-document.js';
import {CLI_PATH, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';
import {createCodexHome, type CodexHome} from './codex-home.js';
import {waitForSession} from './codexmon.js';
import {startMockResponsesApi, type MockResponsesApi} from './mock-responses-api.js';
import {runCodexExec} from './run-codex.js';
import {callCommands, FAIL, LOOP, PING_PONG, SIMPLE, TOOL, TOOL_JSON, totalUsage, type Scenario} from './scenarios.js';

const directory = temporaryDirectory();
const db = path.join(directory, 'codexmon.db');
let mock: MockResponsesApi;
let served: Served;
let codex: CodexHome;
const recorded = new Map<string, SessionDocument>();

beforeAll(async () => {
	mock = await startMockResponsesApi([SIMPLE, TOOL, FAIL, LOOP, PING_PONG, TOOL_JSON]);
	served = await startServe(['--db', db]);
	codex = await createCodexHome(directory, {mockBaseUrl: mock.baseUrl, codexmonPort: served.port, approvalPolicy: 'never'});
});

afterAll(async () => {
	await served?.stop();
	await mock?.close();
	fs.rmSync(directory, {recursive: true, force: true});
});

/** Runs one scenario through `codex exec` and returns codexmon's view of it once every scripted request and call is in. */
async function execScenario(scenario: Scenario, finalAnswer: string, home = codex): Promise<SessionDocument> {
	const run = await runCodexExec(home, scenario.prompt);
	expect(run.status, run.stderr).toBe(0);
	expect(run.stdout.trim()).toBe(finalAnswer);
	// Every scripted step was asked for exactly once, in order: no retries, no stray requests.
	expect(mock.served.filter(request => request.scenario === scenario.name).map(request => request.step)).toEqual(scenario.steps.map((_, step) => step));
	const calls = callCommands(scenario).length;
	const document = await waitForSession(db, scenario.prompt, document => document.modelRequests === scenario.steps.length
		&& document.toolCalls.length === calls
		&& document.toolCalls.every(call => call.success !== null));
	expect(document.conversationId).toBe(run.conversationId);
	recorded.set(scenario.name, document);
	return document;
}

function expectScriptedShape(document: SessionDocument, scenario: Scenario): void {
	expect(document).toMatchObject({kind: 'main', entry: 'exec', serviceName: 'codex_exec', model: 'gpt-5.1-codex-mini', provider: 'Mock Responses', approvalPolicy: 'never', sandboxPolicy: 'workspace-write'});
	expect(document.turns).toHaveLength(1);
	const [turn] = document.turns;
	expect(turn!.prompt).toBe(scenario.prompt);
	expect(turn!.modelRequests).toBe(scenario.steps.length);
	expect(turn!.toolCalls).toBe(callCommands(scenario).length);
	// Each model request carries exactly the usage the mock scripted for it, and the totals are their sums.
	expect(turn!.requests.map(request => request.tokens)).toEqual(scenario.usage.map(usage => ({...usage, total: usage.input + usage.output})));
	expect(turn!.requests.every(request => request.status === 200 && request.error === null)).toBe(true);
	expect(turn!.tokens).toEqual(totalUsage(scenario.usage));
	expect(document.tokens).toEqual(totalUsage(scenario.usage));
	expect(document.toolCalls.map(call => (JSON.parse(call.arguments) as {cmd: string}).cmd)).toEqual(callCommands(scenario));
	for (const call of document.toolCalls) {
		expect(call).toMatchObject({tool: 'exec_command', turnIndex: 1, decision: 'approved', decisionSource: 'Config', aborted: false});
	}

	expect(document.decisions).toMatchObject({approved: callCommands(scenario).length, denied: 0, abort: 0});
}

describe('codex exec → codexmon serve', () => {
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

	test('a failing command: Codex counts the call a success; the exit code is in the output', async () => {
		const document = await execScenario(FAIL, 'The command failed (exit code 2).');
		expectScriptedShape(document, FAIL);
		expect(document.toolCalls[0]!.success).toBe(true);
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
			expect(screen).toMatch(new RegExp(`${pingPong.conversationId.slice(-8)} gpt-5\\.1-codex-mini · exec · approval never`));
			expect(screen).toContain('⚠ LOOP cycle: 2 calls alternating for 3 rounds: "echo ping" → "echo pong"');
			expect(screen).toMatch(/✔ echo ping[\s\S]*✔ echo pong/);
			expect(screen).toContain('✔6C');
			expect(screen).toContain(`= ${formatCount(pingPong.tokens.total)}`);
			terminal.keys('Escape');
			terminal.keys('Escape');
			screen = await waitForScreen(terminal.capture, text => text.includes('sessions (5)'));
			for (const [name, document] of recorded) {
				const row = screen.split('\n').find(line => line.includes(document.conversationId.slice(-8)));
				expect(row, `${name} is listed`).toMatch(new RegExp(`exec +1t +${formatCount(document.tokens.total)} .*SCENARIO=${name}`));
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
		const jsonHome = await createCodexHome(path.join(directory, 'json'), {mockBaseUrl: mock.baseUrl, codexmonPort: served.port, approvalPolicy: 'never', protocol: 'json'});
		expect(fs.readFileSync(path.join(jsonHome.home, 'config.toml'), 'utf8').match(/protocol = "json"/g)).toHaveLength(3);
		const document = await execScenario(TOOL_JSON, 'The command printed: json', jsonHome);
		expectScriptedShape(document, TOOL_JSON);
		expect(document.toolCalls[0]!.output).toMatch(/Process exited with code 0[\s\S]*\njson\n/);
	});

	test('no request reached the mock that it could not answer', () => {
		expect(mock.served.filter(request => request.error)).toEqual([]);
	});
});
