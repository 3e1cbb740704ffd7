import fs from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {buildSessionDocument, type SessionDocument} from '../../source/model/session-document.js';
import {captureNamesOf, FIXTURES_DIR} from '../helpers/captures.js';
import {eventsOfCaptureFrom, reduceEvents} from '../helpers/pipeline.js';

type Usage = {input: number; cached: number; output: number; reasoning: number; total: number};
type ExpectedConversation = {conversation_id: string; user_turns: number; model_requests: number; warmup_requests: number; tool_calls: number; tokens: Usage; decisions: Record<string, number>};
type IndexEntry = {name: string; expected: {per_conversation: ExpectedConversation[]}};

const WS_INDEX = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'codex-0.171.0-ws', 'index.json'), 'utf8')) as IndexEntry[];

function documentsOf(set: 'codex-0.171.0-ws' | 'codex-0.171.0', name: string): Map<string, SessionDocument> {
	const state = reduceEvents(eventsOfCaptureFrom(set, name));
	return new Map([...state.sessions.values()].map(session => [session.conversationId, buildSessionDocument(session)]));
}

/** Token profile v1 of the captures' mock: request n (0-based) of a turn. */
function profileV1(n: number): Usage {
	return {input: 1000 + (137 * n), cached: 640 + (10 * n), output: 42 + n, reasoning: 16, total: 1042 + (138 * n)};
}

function decisionsOf(document: SessionDocument): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const call of document.toolCalls) {
		if (call.decision !== null) {
			const key = `${call.decision} (source ${call.decisionSource})`;
			counts[key] = (counts[key] ?? 0) + 1;
		}
	}

	return counts;
}

describe.each(captureNamesOf('codex-0.171.0-ws'))('WebSocket capture %s', name => {
	const documents = documentsOf('codex-0.171.0-ws', name);
	const expected = WS_INDEX.find(entry => entry.name === name)!.expected;

	test('has the MANIFEST\'s turns, model requests, warm-ups, tool calls, tokens and decisions per conversation', () => {
		for (const conversation of expected.per_conversation) {
			const document = documents.get(conversation.conversation_id);
			expect(document, conversation.conversation_id).toBeDefined();
			expect(document!.turns).toHaveLength(conversation.user_turns);
			expect(document!.modelRequests).toBe(conversation.model_requests);
			expect(document!.turns.flatMap(turn => turn.requests)).toHaveLength(conversation.model_requests);
			expect(document!.warmups).toBe(conversation.warmup_requests);
			expect(document!.toolCalls).toHaveLength(conversation.tool_calls);
			expect(document!.tokens).toEqual(conversation.tokens);
			// Codex logs no decision for an approval cancelled with Esc: codexmon derives `abort` from the aborted tool span.
			const aborted = document!.toolCalls.filter(call => call.aborted && call.decision === 'abort').length;
			expect(decisionsOf(document!)).toEqual(aborted > 0 ? {...conversation.decisions, 'abort (source User)': aborted} : conversation.decisions);
		}

		expect(documents.size).toBe(expected.per_conversation.length);
	});

	test('each model request has its own tokens, a duration and, over the WebSocket, its time to first token', () => {
		for (const document of documents.values()) {
			for (const turn of document.turns) {
				turn.requests.forEach((request, index) => {
					expect(request.tokens).toEqual(profileV1(index));
					expect(request.error).toBeNull();
					expect(request.durationMs).toBeGreaterThanOrEqual(0);
					expect(request.attempts).toHaveLength(1);
					expect(request.transport).toBe(name === 'exec-ws-fallback' ? 'http' : 'websocket');
					if (request.transport === 'websocket') {
						expect(request.ttftMs).toBeGreaterThanOrEqual(0);
						expect(request.status).toBeNull();
					}
				});
			}
		}
	});

	test('names its transport', () => {
		for (const document of documents.values()) {
			expect(document.transport).toBe(name === 'exec-ws-fallback' ? 'mixed' : 'websocket');
		}
	});
});

describe('WebSocket specifics', () => {
	test('a warm-up that reports usage makes no turn and no request, and stays out of the tokens and the cost', () => {
		const [warm] = documentsOf('codex-0.171.0-ws', 'exec-loop-warmup-usage').values();
		const [plain] = documentsOf('codex-0.171.0-ws', 'exec-loop').values();
		expect(warm!.turns).toHaveLength(1);
		expect(warm!.turns[0]!.prompt).not.toBe('');
		expect(warm!.modelRequests).toBe(8);
		expect(warm!.tokens.input).toBe(11_836);
		expect(warm!.costUsd).toBe(plain!.costUsd);
	});

	test('a refused handshake is a connection failure, not a failed model request', () => {
		const [document] = documentsOf('codex-0.171.0-ws', 'exec-ws-fallback').values();
		expect(document!.connectionFailures).toEqual([expect.objectContaining({status: 426, error: 'http 426'})]);
		expect(document!.failedAttempts).toBe(0);
		expect(document!.warmups).toBe(0);
	});

	test('a sub-agent over its own connection is its own session, linked to its parent', () => {
		const documents = documentsOf('codex-0.171.0-ws', 'exec-subagent');
		const child = [...documents.values()].find(document => document.kind === 'subagent');
		expect(child?.parentConversationId).toBe('01a2314d-e8f0-7b81-887c-fc44e0e64057');
		expect(child?.warmups).toBe(1);
	});

	test('Codex\'s own turn cost, 6x ours, is flagged as a disagreement', () => {
		const documents = documentsOf('codex-0.171.0-ws', 'tui-session');
		const turns = [...documents.values()].flatMap(document => document.turns).filter(turn => turn.codexCostUsd !== null);
		expect(turns.length).toBeGreaterThan(0);
		for (const turn of turns) {
			expect(turn.codexCostUsd! / turn.costUsd!).toBeGreaterThan(4);
			expect(turn.costDisagreement).toBe(true);
		}
	});
});

type GroundTruth = {
	requests: Array<{conversation_id: string; turn_id: string | null; step: number | null; http_status: number; fault: string | null; completed: boolean; usage: Usage | null; compaction_request: boolean}>;
	conversations: Record<string, {usage_completed_responses: Usage}>;
};

describe('HTTP retries (exec-api-errors)', () => {
	const truth = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'codex-0.171.0', 'exec-api-errors', 'ground_truth.json'), 'utf8')) as GroundTruth;
	const [document] = documentsOf('codex-0.171.0', 'exec-api-errors').values();

	test('6 HTTP attempts are 3 model requests, each with its own tokens and its failed attempt listed first', () => {
		const completed = truth.requests.filter(request => request.completed);
		expect(document!.modelRequests).toBe(completed.length);
		const requests = document!.turns.flatMap(turn => turn.requests);
		expect(requests.map(request => request.tokens)).toEqual(completed.map(request => request.usage));
		expect(requests.map(request => request.attempts.map(attempt => attempt.status))).toEqual([[429, 200], [500, 200], [200, 200]]);
		expect(requests.map(request => request.attempts[0]!.error)).toEqual(['http 429', 'http 500', expect.stringContaining('error decoding response body')]);
		expect(requests.every(request => request.error === null && request.attempts[1]!.error === null)).toBe(true);
		expect(document!.failedAttempts).toBe(3);
	});

	test('a failed attempt\'s duration is its own; the request spans its retry wait', () => {
		const [first] = document!.turns[0]!.requests;
		expect(first!.attempts[0]!.durationMs).toBeLessThan(100);
		expect(first!.durationMs).toBeGreaterThan(900);
	});

	test('the totals are the completed responses\' usage', () => {
		expect(document!.tokens).toEqual(Object.values(truth.conversations)[0]!.usage_completed_responses);
		expect(document!.transport).toBe('http');
	});
});
