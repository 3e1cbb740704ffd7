import {failedAttempts, isCompactionRequest, requestError} from '../model/model-requests.js';
import {isTurnOver, turnEndMs, turnUsage} from '../model/selectors.js';
import type {ConnectionFailure, ModelRequest, RequestAttempt, Session, ToolCall, Turn} from '../model/session.js';
import type {TurnFigures} from '../model/session-totals.js';
import type {TokenUsage} from '../model/tokens.js';
import {callFailed} from '../model/tool-command.js';
import {turnOutcome, type TurnOutcomeView} from '../model/turn-outcome.js';
import {commandOf} from './described-calls.js';

/**
 * One turn of the waterfall as far as the session tells it, before the screen adds "now" (a running turn, and a
 * request or call still open, reach to the present) and its collapsing and filtering.
 */
export type TurnTimeline = {
	readonly turn: Turn;
	readonly key: string;
	readonly startMs: number;
	/** The turn's end as known: a running turn's reaches to now. */
	readonly endMs: number;
	readonly tokens: TokenUsage;
	readonly alert: boolean;
	readonly outcome: TurnOutcomeView;
	/** Its model requests (with their retried attempts), compactions, refused handshakes and tool calls, in the order they started. */
	readonly children: readonly TimelineChild[];
};

export type TimelineRow =
	| {kind: 'turn'; key: string; turn: Turn; startMs: number; endMs: number; running: boolean; collapsed: boolean; tokens: TokenUsage; alert: boolean; outcome: TurnOutcomeView}
	| {kind: 'request'; key: string; turn: Turn; request: ModelRequest; number: number; compaction: boolean; error: string | null; retries: RequestAttempt[]; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'compaction'; key: string; turn: Turn; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'connection'; key: string; turn: Turn; failure: ConnectionFailure; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number}
	| {kind: 'tool'; key: string; turn: Turn; call: ToolCall; command: string; startMs: number; endMs: number; axisStartMs: number; axisEndMs: number; failed: boolean; alert: boolean};

/**
 * A row under a turn, as the screen draws it when its turn is not running (the same object, not a copy: a long
 * session has tens of thousands). `open`: its end reaches to now (a request still streaming, a call still running
 * while its turn runs).
 */
export type TimelineChild = Readonly<Exclude<TimelineRow, {kind: 'turn'}>> & {readonly open: boolean};

/**
 * The waterfall's turns. Order and keys come from what is known when a row first appears (log times), so rows never
 * move when spans arrive later and only refine the bars.
 */
export function buildTurnTimelines(session: Session, figures: readonly TurnFigures[], alertCallIds: ReadonlySet<string>): TurnTimeline[] {
	const failuresByTurn = connectionFailuresByTurn(session);
	return session.turns.map((turn, index) => {
		const key = `turn:${turn.index}`;
		const startMs = turn.span ? Math.min(turn.span.startMs, turn.startedAtMs) : turn.startedAtMs;
		const endMs = turnEndMs(turn);
		return {
			turn,
			key,
			startMs,
			endMs,
			tokens: figures[index]?.turn === turn ? figures[index].usage : turnUsage(turn),
			alert: turn.toolCalls.some(call => alertCallIds.has(call.callId)),
			outcome: turnOutcome(session, turn),
			children: turnChildren(session, turn, {key, startMs, endMs}, failuresByTurn.get(turn) ?? [], alertCallIds),
		};
	});
}

function turnChildren(session: Session, turn: Turn, axis: {key: string; startMs: number; endMs: number}, failures: ReadonlyArray<{failure: ConnectionFailure; index: number}>, alertCallIds: ReadonlySet<string>): TimelineChild[] {
	const {key} = axis;
	const axisStartMs = axis.startMs;
	const axisEndMs = axis.endMs;
	const children: Array<{order: number; row: TimelineChild}> = [];
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
			row: {kind: 'request', key: `${key}:request:${index}`, turn, request, number, compaction, error, retries: error === null ? failed : failed.slice(0, -1), startMs: request.startMs, endMs: request.endMs, axisStartMs, axisEndMs, open: !request.completed && !turnOver},
		});
	});
	turn.compactions.forEach((compaction, index) => {
		children.push({order: compaction.startMs, row: {kind: 'compaction', key: `${key}:compaction:${index}`, turn, startMs: compaction.startMs, endMs: compaction.endMs, axisStartMs, axisEndMs, open: false}});
	});
	for (const {failure, index} of failures) {
		const startMs = failure.atMs - failure.durationMs;
		children.push({order: failure.atMs, row: {kind: 'connection', key: `${key}:connection:${index}`, turn, failure, startMs, endMs: failure.atMs, axisStartMs: Math.min(axisStartMs, startMs), axisEndMs, open: false}});
	}

	for (const call of turn.toolCalls) {
		children.push({
			order: call.orderMs,
			row: {kind: 'tool', key: `${key}:call:${call.callId}`, turn, call, command: commandOf(call), startMs: call.startMs, endMs: call.endMs ?? call.startMs, axisStartMs, axisEndMs, failed: call.hasResult && callFailed(call), alert: alertCallIds.has(call.callId), open: call.endMs === null},
		});
	}

	children.sort((a, b) => a.order - b.order);
	return children.map(child => child.row);
}

/** Each refused handshake under the turn of its moment: the last that started by then, else the first (one before the first prompt). */
function connectionFailuresByTurn(session: Session): Map<Turn, Array<{failure: ConnectionFailure; index: number}>> {
	const byTurn = new Map<Turn, Array<{failure: ConnectionFailure; index: number}>>();
	session.connectionFailures.forEach((failure, index) => {
		let found = session.turns[0];
		for (const turn of session.turns) {
			if (turn.startedAtMs <= failure.atMs) {
				found = turn;
			}
		}

		if (found) {
			const failures = byTurn.get(found) ?? [];
			failures.push({failure, index});
			byTurn.set(found, failures);
		}
	});
	return byTurn;
}
