import {callFailed, describeToolCall} from '../model/tool-command.js';
import {turnEndMs, turnUsage} from '../model/selectors.js';
import type {ModelRequest, Session, ToolCall, Turn} from '../model/session.js';
import type {TokenUsage} from '../model/tokens.js';

export type TimelineRow =
	| {kind: 'turn'; key: string; turn: Turn; startMs: number; endMs: number; running: boolean; collapsed: boolean; tokens: TokenUsage; alert: boolean}
	| {kind: 'request'; key: string; turn: Turn; request: ModelRequest; number: number; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'tool'; key: string; turn: Turn; call: ToolCall; command: string; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number; failed: boolean; alert: boolean};

/**
 * The waterfall's rows: each turn, then (unless collapsed) its model requests and tool calls in the order
 * they started. Order and keys come from what is known when a row first appears (log times), so rows
 * never move when spans arrive later and only refine the bars.
 */
export function buildTimelineRows(session: Session, options: {collapsed: ReadonlySet<string>; nowMs: number; runningTurn?: Turn | undefined; alertCallIds?: ReadonlySet<string>; filter?: string}): TimelineRow[] {
	const rows: TimelineRow[] = [];
	const query = (options.filter ?? '').trim().toLowerCase();
	const alertCallIds = options.alertCallIds ?? new Set<string>();
	for (const turn of session.turns) {
		const key = `turn:${turn.index}`;
		const running = turn === options.runningTurn;
		const startMs = turn.span ? Math.min(turn.span.startMs, turn.startedAtMs) : turn.startedAtMs;
		const endMs = running ? Math.max(options.nowMs, turnEndMs(turn)) : turnEndMs(turn);
		const collapsed = options.collapsed.has(key);
		const hasAlert = turn.toolCalls.some(call => alertCallIds.has(call.callId));
		const turnRow: TimelineRow = {kind: 'turn', key, turn, startMs, endMs, running, collapsed, tokens: turnUsage(turn), alert: hasAlert};
		if (query) {
			// A filtered timeline keeps the calls and requests that match, under their turn; a turn whose prompt matches keeps all.
			const promptMatches = turn.prompt.toLowerCase().includes(query);
			const matching = promptMatches ? undefined : new Set(turn.toolCalls.filter(call => callMatches(call, query)).map(call => call.callId));
			const requestsMatch = !promptMatches && turn.modelRequests.length > 0 && turn.model.toLowerCase().includes(query);
			if (!promptMatches && matching!.size === 0 && !requestsMatch) {
				continue;
			}

			rows.push(turnRow);
			if (!collapsed) {
				rows.push(...turnChildren(turn, key, startMs, endMs, running, options.nowMs, alertCallIds).filter(row => promptMatches
					|| (row.kind === 'tool' ? matching!.has(row.call.callId) : requestsMatch)));
			}

			continue;
		}

		rows.push(turnRow);
		if (collapsed) {
			continue;
		}

		rows.push(...turnChildren(turn, key, startMs, endMs, running, options.nowMs, alertCallIds));
	}

	return rows;
}

function callMatches(call: ToolCall, query: string): boolean {
	return [describeToolCall(call), call.tool, call.decision ?? '', call.output].some(text => text.toLowerCase().includes(query));
}

/** A turn's model requests and tool calls, in the order they started. */
function turnChildren(turn: Turn, key: string, startMs: number, endMs: number, running: boolean, nowMs: number, alertCallIds: ReadonlySet<string>): TimelineRow[] {
	const children: Array<{order: number; row: TimelineRow}> = [];
	turn.modelRequests.forEach((request, index) => {
		const sampling = turn.samplingSpans[index];
		children.push({
			order: request.startMs,
			row: {kind: 'request', key: `${key}:request:${index}`, turn, request, number: index + 1, startMs: sampling?.startMs ?? request.startMs, endMs: sampling?.endMs ?? request.endMs, axisStartMs: startMs, axisEndMs: endMs},
		});
	});
	for (const call of turn.toolCalls) {
		children.push({
			order: call.orderMs,
			row: {
				kind: 'tool',
				key: `${key}:call:${call.callId}`,
				turn,
				call,
				command: describeToolCall(call),
				startMs: call.startMs,
				endMs: call.endMs ?? (running ? nowMs : call.startMs),
				axisStartMs: startMs,
				axisEndMs: endMs,
				failed: call.hasResult && callFailed(call),
				alert: alertCallIds.has(call.callId),
			},
		});
	}

	children.sort((a, b) => a.order - b.order);
	return children.map(child => child.row);
}

/** Where a bar sits in `width` columns of an axis; at least one column so nothing vanishes. */
export function placeBar(startMs: number, endMs: number, axisStartMs: number, axisEndMs: number, width: number): {offset: number; length: number} {
	if (width <= 0) {
		return {offset: 0, length: 0};
	}

	const span = Math.max(1, axisEndMs - axisStartMs);
	const offset = Math.min(width - 1, Math.max(0, Math.floor(((startMs - axisStartMs) / span) * width)));
	const end = Math.min(width, Math.max(offset + 1, Math.ceil(((endMs - axisStartMs) / span) * width)));
	return {offset, length: end - offset};
}
