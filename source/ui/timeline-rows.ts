import type {TimelineChild, TurnTimeline} from '../hub/timeline-view.js';
import type {SessionView} from '../hub/session-view.js';
import type {ConnectionFailure, ModelRequest, RequestAttempt, ToolCall, Turn} from '../model/session.js';
import type {TokenUsage} from '../model/tokens.js';
import type {TurnOutcomeView} from '../model/turn-outcome.js';

export type TimelineRow =
	| {kind: 'turn'; key: string; turn: Turn; startMs: number; endMs: number; running: boolean; collapsed: boolean; tokens: TokenUsage; alert: boolean; outcome: TurnOutcomeView}
	| {kind: 'request'; key: string; turn: Turn; request: ModelRequest; number: number; compaction: boolean; error: string | null; retries: RequestAttempt[]; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'compaction'; key: string; turn: Turn; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'connection'; key: string; turn: Turn; failure: ConnectionFailure; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'tool'; key: string; turn: Turn; call: ToolCall; command: string; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number; failed: boolean; alert: boolean};

/**
 * The waterfall's rows from the session's view: each turn, then (unless collapsed) its model requests and tool calls
 * in the order they started; a running turn, and what is still open in it, reach to now.
 */
export function buildTimelineRows(view: SessionView, options: {collapsed: ReadonlySet<string>; nowMs: number; runningTurn?: Turn | undefined; filter?: string}): TimelineRow[] {
	const rows: TimelineRow[] = [];
	const query = (options.filter ?? '').trim().toLowerCase();
	for (const timeline of view.timeline) {
		const {turn, key} = timeline;
		const running = turn === options.runningTurn;
		const endMs = running ? Math.max(options.nowMs, timeline.endMs) : timeline.endMs;
		const collapsed = options.collapsed.has(key);
		const turnRow: TimelineRow = {kind: 'turn', key, turn, startMs: timeline.startMs, endMs, running, collapsed, tokens: timeline.tokens, alert: timeline.alert, outcome: timeline.outcome};
		let children = timeline.children;
		if (query) {
			// A filtered timeline keeps the calls and requests that match, under their turn; a turn whose prompt matches keeps all.
			const promptMatches = turn.prompt.toLowerCase().includes(query);
			const requestsMatch = !promptMatches && turn.modelRequests.length > 0 && turn.model.toLowerCase().includes(query);
			if (!promptMatches) {
				children = children.filter(child => child.kind === 'tool' ? callMatches(child.call, child.command, query) : requestsMatch);
				if (children.length === 0 && !requestsMatch) {
					continue;
				}
			}
		}

		rows.push(turnRow);
		if (!collapsed) {
			for (const child of children) {
				rows.push(childRow(child, timeline, endMs, running, options.nowMs));
			}
		}
	}

	return rows;
}

function callMatches(call: ToolCall, command: string, query: string): boolean {
	return [command, call.tool, call.decision ?? '', call.output].some(text => text.toLowerCase().includes(query));
}

function childRow(child: TimelineChild, timeline: TurnTimeline, turnEndMs: number, running: boolean, nowMs: number): TimelineRow {
	const {turn} = timeline;
	const axis = {axisStartMs: timeline.startMs, axisEndMs: turnEndMs};
	switch (child.kind) {
		case 'request': {
			return {kind: 'request', key: child.key, turn, request: child.request, number: child.number, compaction: child.compaction, error: child.error, retries: child.retries, startMs: child.startMs, endMs: child.open ? Math.max(child.endMs, nowMs) : child.endMs, ...axis};
		}

		case 'compaction': {
			return {kind: 'compaction', key: child.key, turn, startMs: child.startMs, endMs: child.endMs, ...axis};
		}

		case 'connection': {
			return {kind: 'connection', key: child.key, turn, failure: child.failure, startMs: child.startMs, endMs: child.endMs, axisStartMs: Math.min(timeline.startMs, child.startMs), axisEndMs: turnEndMs};
		}

		case 'tool': {
			return {kind: 'tool', key: child.key, turn, call: child.call, command: child.command, startMs: child.startMs, endMs: child.endMs ?? (running ? nowMs : child.startMs), ...axis, failed: child.failed, alert: child.alert};
		}
	}
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
