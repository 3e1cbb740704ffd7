import {describe, expect, test} from 'vitest';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {CAPTURE_NAMES, loadCapture, type CaptureName} from '../helpers/captures.js';
import {eventsOfCapture, reduceEvents} from '../helpers/pipeline.js';

type Usage = {input: number; cached: number; output: number; reasoning: number; total: number};

/**
 * An oracle read straight off the log attributes, independent of the normaliser and reducer:
 * per conversation, the usage records split at each user prompt, the api requests, and the tool
 * results and decisions by call id, in log order.
 */
type OracleConversation = {turns: Usage[]; apiRequests: number; calls: Array<{callId: string; tool: string; arguments: string}>; decisions: Map<string, {decision: string; source: string}>};

function readOracle(name: CaptureName): Map<string, OracleConversation> {
	const conversations = new Map<string, OracleConversation>();
	for (const request of loadCapture(name)) {
		if (request.signal !== 'logs') {
			continue;
		}

		const {logs} = flattenExport(decodeExport(signalFromPath(request.path), request.contentType.includes('json') ? 'json' : 'protobuf', request.body));
		for (const {attributes} of logs) {
			const id = attributes['conversation.id'];
			if (typeof id !== 'string') {
				continue;
			}

			const conversation: OracleConversation = conversations.get(id) ?? {turns: [], apiRequests: 0, calls: [], decisions: new Map()};
			conversations.set(id, conversation);
			switch (attributes['event.name']) {
				case 'codex.user_prompt': {
					conversation.turns.push({input: 0, cached: 0, output: 0, reasoning: 0, total: 0});
					break;
				}

				case 'codex.api_request': {
					conversation.apiRequests++;
					break;
				}

				case 'codex.sse_event': {
					if (attributes.input_token_count !== undefined) {
						const turn = conversation.turns.at(-1)!;
						turn.input += Number(attributes.input_token_count);
						turn.cached += Number(attributes.cached_token_count);
						turn.output += Number(attributes.output_token_count);
						turn.reasoning += Number(attributes.reasoning_token_count);
						turn.total += Number(attributes.tool_token_count);
					}

					break;
				}

				case 'codex.tool_result': {
					conversation.calls.push({callId: String(attributes.call_id), tool: String(attributes.tool_name), arguments: String(attributes.arguments)});
					break;
				}

				case 'codex.tool_decision': {
					conversation.decisions.set(String(attributes.call_id), {decision: String(attributes.decision), source: String(attributes.source)});
					break;
				}

				default:
			}
		}
	}

	return conversations;
}

describe.each(CAPTURE_NAMES)('capture %s', name => {
	const state = reduceEvents(eventsOfCapture(name));
	const oracle = readOracle(name);

	test('has one session per conversation that logged a prompt', () => {
		const withPrompts = [...oracle].filter(([, conversation]) => conversation.turns.length > 0).map(([id]) => id).sort();
		expect([...state.sessions.keys()].sort()).toEqual(withPrompts);
	});

	test('turns, model requests and tokens match the usage records in the payloads', () => {
		for (const [id, expected] of oracle) {
			const document = buildSessionDocument(state.sessions.get(id)!);
			expect(document.turns.map(turn => turn.tokens)).toEqual(expected.turns);
			expect(document.modelRequests).toBe(expected.apiRequests);
			const total = expected.turns.reduce((sum, turn) => sum + turn.total, 0);
			expect(document.tokens.total).toBe(total);
			expect(document.tokens.total).toBe(document.tokens.input + document.tokens.output);
		}
	});

	test('tool calls with a result keep their order, arguments, decision and source', () => {
		for (const [id, expected] of oracle) {
			const document = buildSessionDocument(state.sessions.get(id)!);
			const withResult = document.toolCalls.filter(call => call.success !== null);
			expect(withResult.map(call => ({callId: call.callId, tool: call.tool, arguments: call.arguments}))).toEqual(expected.calls);
			for (const call of withResult) {
				const decision = expected.decisions.get(call.callId);
				expect({decision: call.decision, source: call.decisionSource}).toEqual(decision ?? {decision: null, source: null});
			}
		}
	});
});

describe('what the captures are known to contain', () => {
	test('the interactive session: 7 turns, an Esc abort, approvals by user and config, 7 hidden title threads', () => {
		const state = reduceEvents(eventsOfCapture('tui-session'));
		const sessions = [...state.sessions.values()];
		const main = sessions.filter(session => session.kind === 'main');
		expect(main).toHaveLength(1);
		expect(sessions.filter(session => session.kind === 'title')).toHaveLength(7);
		const document = buildSessionDocument(main[0]!);
		expect(document.entry).toBe('interactive');
		expect(document.approvalPolicy).toBe('on-request');
		expect(document.turns).toHaveLength(7);
		expect(document.turns.map(turn => turn.toolCalls)).toEqual([0, 1, 1, 1, 1, 1, 7]);
		expect(document.decisions).toEqual({approved: 10, approved_with_amendment: 1, approved_for_session: 0, denied: 0, abort: 1});
		const aborted = document.toolCalls.find(call => call.decision === 'abort')!;
		expect(aborted).toMatchObject({turnIndex: 3, tool: 'exec_command', aborted: true, success: null, decisionSource: 'User'});
		const byUser = document.toolCalls.filter(call => call.decisionSource === 'User').map(call => call.decision);
		expect(byUser).toEqual(['abort', 'approved', 'approved_with_amendment']);
		expect(document.turns.every(turn => turn.turnId !== null)).toBe(true);
	});

	test('the sub-agent is linked to its parent and counted apart from it', () => {
		const state = reduceEvents(eventsOfCapture('exec-subagent'));
		const parent = [...state.sessions.values()].find(session => session.kind === 'main')!;
		const child = [...state.sessions.values()].find(session => session.kind === 'subagent')!;
		expect(child.parentConversationId).toBe(parent.conversationId);
		expect(child.nickname).toBe('Zeno');
		expect(buildSessionDocument(parent).toolCalls.map(call => call.tool)).toEqual(['spawn_agent', 'wait_agent']);
		expect(buildSessionDocument(child).toolCalls.map(call => call.tool)).toEqual(['exec_command']);
	});

	test('a rejected escalation has a failed result and no decision', () => {
		const document = buildSessionDocument([...reduceEvents(eventsOfCapture('exec-policy-rejected')).sessions.values()][0]!);
		expect(document.toolCalls).toHaveLength(1);
		expect(document.toolCalls[0]).toMatchObject({success: false, decision: null, decisionSource: null});
	});

	test('a redacted prompt is kept as the marker, and the exec session is not taken for a title thread', () => {
		const document = buildSessionDocument([...reduceEvents(eventsOfCapture('exec-tool-json-redacted')).sessions.values()][0]!);
		expect(document.kind).toBe('main');
		expect(document.turns[0]!.prompt).toBe('[REDACTED]');
	});

	test('the protobuf and JSON loop captures give the same session', () => {
		const strip = (name: CaptureName) => {
			const document = buildSessionDocument([...reduceEvents(eventsOfCapture(name)).sessions.values()][0]!);
			return {
				turns: document.turns.map(turn => ({modelRequests: turn.modelRequests, toolCalls: turn.toolCalls, tokens: turn.tokens})),
				calls: document.toolCalls.map(call => [call.tool, call.arguments, call.decision, call.decisionSource, call.success]),
				decisions: document.decisions,
			};
		};

		expect(strip('exec-loop-json')).toEqual(strip('exec-loop'));
	});

	test('exec sessions end with the process; per-turn span totals agree with the logs', () => {
		const session = [...reduceEvents(eventsOfCapture('exec-loop')).sessions.values()][0]!;
		expect(session.entry).toBe('exec');
		expect(session.endedAtMs).not.toBeNull();
		expect(session.turns[0]!.spanUsage).toEqual(buildSessionDocument(session).turns[0]!.tokens);
	});
});
