import {failedAttempts, isCompactionRequest, requestError} from '../model/model-requests.js';
import {isTurnOver, turnEndMs, turnUsage} from '../model/selectors.js';
import type {ConnectionFailure, ModelRequest, RequestAttempt, Session, ToolCall, Turn} from '../model/session.js';
import type {TokenUsage} from '../model/tokens.js';
import {callFailed, describeToolCall} from '../model/tool-command.js';
import {turnOutcome, type TurnOutcomeView} from '../model/turn-outcome.js';

export type TimelineRow =
	| {kind: 'turn'; key: string; turn: Turn; startMs: number; endMs: number; running: boolean; collapsed: boolean; tokens: TokenUsage; alert: boolean; outcome: TurnOutcomeView}
	| {kind: 'request'; key: string; turn: Turn; request: ModelRequest; number: number; compaction: boolean; error: string | null; retries: RequestAttempt[]; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'compaction'; key: string; turn: Turn; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'connection'; key: string; turn: Turn; failure: ConnectionFailure; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'tool'; key: string; turn: Turn; call: ToolCall; command: string; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number; failed: boolean; alert: boolean};

type TurnAxis = {key: string; startMs: number; endMs: number; running: boolean};

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
		const turnRow: TimelineRow = {kind: 'turn', key, turn, startMs, endMs, running, collapsed, tokens: turnUsage(turn), alert: hasAlert, outcome: turnOutcome(session, turn)};
		const axis = {key, startMs, endMs, running};
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
				rows.push(...turnChildren(session, turn, axis, options.nowMs, alertCallIds).filter(row => promptMatches
					|| (row.kind === 'tool' ? matching!.has(row.call.callId) : requestsMatch)));
			}

			continue;
		}

		rows.push(turnRow);
		if (collapsed) {
			continue;
		}

		rows.push(...turnChildren(session, turn, axis, options.nowMs, alertCallIds));
	}

	return rows;
}

function callMatches(call: ToolCall, query: string): boolean {
	return [describeToolCall(call), call.tool, call.decision ?? '', call.output].some(text => text.toLowerCase().includes(query));
}

/** A turn's model requests (with their retried attempts), compactions, refused handshakes and tool calls, in the order they started. */
function turnChildren(session: Session, turn: Turn, axis: TurnAxis, nowMs: number, alertCallIds: ReadonlySet<string>): TimelineRow[] {
	const {key, startMs, endMs, running} = axis;
	const children: Array<{order: number; row: TimelineRow}> = [];
	const turnOver = isTurnOver(session, turn);
	let number = 0;
	turn.modelRequests.forEach((request, index) => {
		const error = requestError(request, turnOver);
		const failed = failedAttempts(request);
		const compaction = turn.compactions.length > 0 && isCompactionRequest(turn, request);
		if (!compaction) {
			number++;
		}

		children.push({
			order: request.startMs,
			row: {kind: 'request', key: `${key}:request:${index}`, turn, request, number, compaction, error, retries: error === null ? failed : failed.slice(0, -1), startMs: request.startMs, endMs: request.completed || turnOver ? request.endMs : Math.max(request.endMs, nowMs), axisStartMs: startMs, axisEndMs: endMs},
		});
	});
	turn.compactions.forEach((compaction, index) => {
		children.push({order: compaction.startMs, row: {kind: 'compaction', key: `${key}:compaction:${index}`, turn, startMs: compaction.startMs, endMs: compaction.endMs, axisStartMs: startMs, axisEndMs: endMs}});
	});
	session.connectionFailures.forEach((failure, index) => {
		if (turnOfTime(session, failure.atMs) === turn) {
			children.push({order: failure.atMs, row: {kind: 'connection', key: `${key}:connection:${index}`, turn, failure, startMs: failure.atMs - failure.durationMs, endMs: failure.atMs, axisStartMs: Math.min(startMs, failure.atMs - failure.durationMs), axisEndMs: endMs}});
		}
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

/** The turn a moment belongs to: the last that started by then, else the first (a handshake before the first prompt). */
function turnOfTime(session: Session, atMs: number): Turn | undefined {
	let found = session.turns[0];
	for (const turn of session.turns) {
		if (turn.startedAtMs <= atMs) {
			found = turn;
		}
	}

	return found;
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
