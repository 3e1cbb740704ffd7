import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {createCodexHome} from './codex-home.js';
import {CODEX_RUNS} from './codex-runs.js';
import {waitForConversation} from './codexmon.js';
import {expectRequestModel, hasRequestModel, served as servedAsScripted} from './expect-requests.js';
import {expectTransportOf} from './expect-transport.js';
import {startMockResponsesApi} from './mock-responses-api.js';
import {runCodexExec} from './run-codex.js';
import {callCommands, FALLBACK, totalUsage, WARMUP, type Scenario, type Usage} from './scenarios.js';

const run = CODEX_RUNS.find(candidate => candidate.transport === 'websocket');
const WARMUP_USAGE: Usage = {input: 1234, cached: 0, output: 0, reasoning: 0};

/** What `codex exec` prints as `tokens used`: input − cached + output of the model requests, warm-ups left out. */
const tokensUsed = (usage: Usage[]) => usage.reduce((sum, entry) => sum + entry.input - entry.cached + entry.output, 0);

/** The two WebSocket situations of the 0.171.0 captures beyond the plain runs: a warm-up with usage, a refused handshake. */
describe.skipIf(!run)('codex WebSocket edge cases → codexmon serve', () => {
	const directory = temporaryDirectory();
	const db = path.join(directory, 'codexmon.db');
	let served: Served;

	beforeAll(async () => {
		served = await startServe(['--db', db]);
	});

	afterAll(async () => {
		await served?.stop();
		fs.rmSync(directory, {recursive: true, force: true});
	});

	async function execOn(transport: 'websocket' | 'websocket-refused', scenario: Scenario, warmupUsage?: Usage) {
		const mock = await startMockResponsesApi([scenario], {transport});
		mock.warmupUsage = warmupUsage;
		try {
			const codex = await createCodexHome(path.join(directory, scenario.name), {version: run!.version, transport: 'websocket', mockBaseUrl: mock.baseUrl, codexmonPort: served.port, approvalPolicy: 'never'});
			const result = await runCodexExec(codex, scenario.prompt);
			expect(result.status, result.stderr).toBe(0);
			expect(result.stdout.trim()).toBe((scenario.steps.at(-1) as {text: string}).text);
			expect(mock.served.filter(request => request.error)).toEqual([]);
			const total = totalUsage(scenario.usage);
			const document = await waitForConversation(db, result.conversationId!, document => document.tokens.total >= total.total
				&& document.toolCalls.length === callCommands(scenario).length
				&& document.toolCalls.every(call => call.success !== null));
			expect(document.toolCalls.map(call => (JSON.parse(call.arguments) as {cmd: string}).cmd)).toEqual(callCommands(scenario));
			expect(document.decisions).toMatchObject({approved: callCommands(scenario).length, denied: 0, abort: 0});
			return {mock, result, document};
		} finally {
			await mock.close();
		}
	}

	test('a warm-up answered with usage: Codex leaves it out, and so does codexmon (no turn, no tokens)', async () => {
		const {mock, result, document} = await execOn('websocket', WARMUP, WARMUP_USAGE);
		expectTransportOf(mock, WARMUP.name, result.conversationId!, 'codex_exec');
		expect(mock.warmups).toEqual([expect.objectContaining({withUsage: true})]);
		expect(result.stderr.replaceAll(',', '')).toMatch(new RegExp(`tokens used\\s+${tokensUsed(WARMUP.usage)}\\b`));
		if (hasRequestModel(document)) {
			expect(document.turns.map(turn => turn.prompt)).toEqual([WARMUP.prompt]);
			expect(document.tokens).toEqual(totalUsage(WARMUP.usage));
			expectRequestModel(document, {transport: 'websocket', turns: [servedAsScripted(WARMUP.usage)]});
		}
	});

	test('a refused handshake (426): Codex falls back to HTTP for the whole process; each request counts once', async () => {
		const {mock, document} = await execOn('websocket-refused', FALLBACK);
		expect(mock.refusedUpgrades).toBe(1);
		expect(mock.connections).toEqual([]);
		expect(mock.warmups).toEqual([]);
		expect(mock.httpPosts).toBe(FALLBACK.steps.length);
		expect(mock.served.map(request => [request.transport, request.step])).toEqual([['http', 0], ['http', 1]]);
		expect(document.turns).toHaveLength(1);
		expect(document.tokens).toEqual(totalUsage(FALLBACK.usage));
		expect(document.modelRequests).toBe(FALLBACK.steps.length);
		expect(document.turns[0]!.requests.map(request => request.tokens)).toEqual(FALLBACK.usage.map(usage => ({...usage, total: usage.input + usage.output})));
		// The session has a failed WebSocket connect and HTTP requests: `http` or `mixed`, as the model decides.
		expectRequestModel(document, {transport: ['http', 'mixed'], turns: [servedAsScripted(FALLBACK.usage)]});
	});
});
