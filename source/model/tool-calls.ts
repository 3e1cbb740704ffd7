import type {ToolDecisionEvent, ToolResultEvent, ToolSpanEvent, WebSearchEvent} from './codex-event.js';
import {clip} from './clip-text.js';
import type {Session, ToolCall, Turn} from './session.js';
import {newToolCall} from './session-factories.js';
import {insertCallInOrder} from './time-order.js';
import {touchTurn} from './turn-activity.js';

/** A call's decision, result and span come in any order; each finds the call by id or opens it in `turn`. */
export function getOrCreateCall(session: Session, callId: string, turn: Turn, orderMs: number): ToolCall {
	let call = session.toolCalls.get(callId);
	if (!call) {
		call = newToolCall(callId, turn, orderMs);
		session.toolCalls.set(callId, call);
		insertCallInOrder(turn, call);
	}

	return call;
}

export function applyToolDecision(session: Session, turn: Turn, event: ToolDecisionEvent): void {
	const call = getOrCreateCall(session, event.callId, turn, event.atMs);
	call.decision = event.decision;
	call.decisionSource = event.source;
	call.refusedByPolicy = event.decision === 'denied' && event.source === 'User' && session.approvalPolicy === 'never';
	call.tool ||= event.tool;
	touchTurn(call.turn, event.atMs);
}

export function applyToolResult(session: Session, turn: Turn, event: ToolResultEvent): void {
	const startMs = event.atMs - (event.durationMs ?? 0);
	const call = getOrCreateCall(session, event.callId, turn, startMs);
	call.tool = event.tool || call.tool;
	call.namespace = event.namespace;
	call.mcpServer = event.mcpServer ?? call.mcpServer;
	call.arguments = event.arguments;
	call.output = clip(event.output);
	call.outputTruncated = event.outputTruncated;
	call.durationMs = event.durationMs;
	call.success = event.success;
	call.agentName = event.agentName;
	call.hasResult = true;
	if (!call.span) {
		call.startMs = startMs;
		call.endMs = event.atMs;
	}

	touchTurn(call.turn, event.atMs);
}

/**
 * @NOTE codex 0.169.0: an Esc at the approval prompt leaves no `codex.tool_decision`; the only trace is
 * the tool span with `aborted=true`, arriving seconds later. It counts as an `abort` decided by the user.
 */
export function applyToolSpan(session: Session, turn: Turn, event: ToolSpanEvent): void {
	const call = session.toolCalls.get(event.callId) ?? getOrCreateCall(session, event.callId, turn, event.startMs);
	call.span = {startMs: event.startMs, endMs: event.endMs};
	call.startMs = event.startMs;
	call.endMs = event.endMs;
	call.tool ||= event.tool;
	call.aborted = event.aborted;
	if (event.aborted && call.decision === null && !call.hasResult) {
		call.decision = 'abort';
		call.decisionSource = 'User';
	}
}

/** A hosted web search becomes a call of its own, numbered in its session, from its start to its completion. */
export function applyWebSearch(session: Session, turn: Turn, event: WebSearchEvent): void {
	const open = turn.toolCalls.findLast(call => call.tool === 'web_search' && !call.hasResult);
	if (event.phase === 'in_progress' || !open) {
		const number = [...session.toolCalls.values()].filter(call => call.tool === 'web_search').length + 1;
		const call = getOrCreateCall(session, `web_search:${number}`, turn, event.atMs);
		call.tool = 'web_search';
		call.arguments = event.query ? JSON.stringify({query: event.query}) : '';
		if (event.phase === 'in_progress') {
			return;
		}

		completeWebSearch(call, event.atMs);
		return;
	}

	completeWebSearch(open, event.atMs);
}

function completeWebSearch(call: ToolCall, atMs: number): void {
	call.hasResult = true;
	call.success = true;
	call.endMs = atMs;
	call.durationMs = Math.max(0, atMs - call.startMs);
	touchTurn(call.turn, atMs);
}
