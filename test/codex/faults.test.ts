import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {createCodexHome, type CodexHome} from './codex-home.js';
import {CODEX_RUNS, type CodexRun} from './codex-runs.js';
import {waitForConversation} from './codexmon.js';
import {expectRequestModel} from './expect-requests.js';
import {startMockResponsesApi, type MockResponsesApi} from './mock-responses-api.js';
import {runCodexExec} from './run-codex.js';
import {API_ERRORS, callCommands, totalUsage} from './scenarios.js';

/**
 * The real `exec-api-errors` capture, replayed live: the provider's retries on (request_max_retries=4,
 * stream_max_retries=5), a 429 with `retry-after: 1`, a 500 and a stream cut before `response.completed`, each
 * on one step's first attempt. Three model requests completed; each failed attempt belongs to one of them.
 */
describe.each(CODEX_RUNS)('codex $label exec with faults and retries → codexmon serve', (run: CodexRun) => {
	const directory = temporaryDirectory();
	const db = path.join(directory, 'codexmon.db');
	let mock: MockResponsesApi;
	let served: Served;
	let codex: CodexHome;

	beforeAll(async () => {
		mock = await startMockResponsesApi([API_ERRORS], {transport: run.transport});
		served = await startServe(['--db', db]);
		codex = await createCodexHome(directory, {version: run.version, transport: run.transport, retries: true, mockBaseUrl: mock.baseUrl, codexmonPort: served.port, approvalPolicy: 'never'});
	});

	afterAll(async () => {
		await served?.stop();
		await mock?.close();
		fs.rmSync(directory, {recursive: true, force: true});
	});

	test('a 429, a 500 and a cut stream: Codex retries each once; codexmon has three requests, the served tokens, both calls', async () => {
		const result = await runCodexExec(codex, API_ERRORS.prompt);
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout.trim()).toBe('Both commands ran: one, two.');
		if (run.transport === 'http') {
			// As in the capture; over WebSocket Codex retries silently.
			expect(result.stderr).toContain('Reconnecting... 1/5');
		}

		// The mock's log: every step failed once, then was answered.
		expect(mock.served.map(request => [request.step, request.attempt, request.fault ?? null])).toEqual([[0, 1, '429'], [0, 2, null], [1, 1, '500'], [1, 2, null], [2, 1, 'cut'], [2, 2, null]]);
		expect(mock.served.every(request => request.transport === (run.transport === 'websocket' ? 'websocket' : 'http') && request.error === undefined)).toBe(true);
		if (run.transport === 'websocket') {
			// The retries stayed on the WebSocket (no HTTP fallback): Codex drops a connection that failed and sends
			// the retry on a new one, with the full input and no previous_response_id; the warm-up came only once.
			expect(mock.httpPosts).toBe(0);
			expect(mock.refusedUpgrades).toBe(0);
			expect(mock.connections).toHaveLength(4);
			expect(mock.warmups).toHaveLength(1);
			expect(mock.served.map(request => request.connection)).toEqual([1, 2, 2, 3, 3, 4]);
			for (const retry of mock.served.filter(request => request.attempt === 2)) {
				expect(retry.previousResponseId).toBeUndefined();
				expect(retry.itemsSent.filter(kind => kind === 'function_call_output')).toHaveLength(retry.step);
			}
		}

		const total = totalUsage(API_ERRORS.usage);
		const document = await waitForConversation(db, result.conversationId!, document => document.tokens.total === total.total
			&& document.toolCalls.length === 2
			&& document.toolCalls.every(call => call.success !== null));
		expect(document.turns).toHaveLength(1);
		expect(document.tokens).toEqual(total);
		expect(document.turns[0]!.tokens).toEqual(total);
		expect(document.toolCalls.map(call => (JSON.parse(call.arguments) as {cmd: string}).cmd)).toEqual(callCommands(API_ERRORS));
		expect(document.toolCalls.every(call => call.success === true && call.decision === 'approved' && call.decisionSource === 'Config')).toBe(true);
		expect(document.decisions).toMatchObject({approved: 2, denied: 0, abort: 0});
		// Over HTTP the 429 and the 500 carry their status; a cut HTTP stream had a 200. WebSocket has no status.
		const http = run.transport === 'http';
		expectRequestModel(document, {transport: run.transport, turns: [[
			{usage: API_ERRORS.usage[0]!, failed: [{status: http ? 429 : undefined}]},
			{usage: API_ERRORS.usage[1]!, failed: [{status: http ? 500 : undefined}]},
			{usage: API_ERRORS.usage[2]!, failed: [{status: http ? 200 : undefined}]},
		]]});
	});
});
