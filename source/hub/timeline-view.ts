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

export type TimelineChild =
	| {readonly kind: 'request'; readonly key: string; readonly request: ModelRequest; readonly number: number; readonly compaction: boolean; readonly error: string | null; readonly retries: RequestAttempt[]; readonly startMs: number; readonly endMs: number; readonly open: boolean}
	| {readonly kind: 'compaction'; readonly key: string; readonly startMs: number; readonly endMs: number}
	| {readonly kind: 'connection'; readonly key: string; readonly failure: ConnectionFailure; readonly startMs: number; readonly endMs: number}
	| {readonly kind: 'tool'; readonly key: string; readonly call: ToolCall; readonly command: string; readonly startMs: number; readonly endMs: number | null; readonly failed: boolean; readonly alert: boolean};

/**
 * The waterfall's turns. Order and keys come from what is known when a row first appears (log times), so rows never
 * move when spans arrive later and only refine the bars.
 */
export function buildTurnTimelines(session: Session, figures: readonly TurnFigures[], alertCallIds: ReadonlySet<string>): TurnTimeline[] {
	const failuresByTurn = connectionFailuresByTurn(session);
	return session.turns.map((turn, index) => {
		const key = `turn:${turn.index}`;
		return {
			turn,
			key,
			startMs: turn.span ? Math.min(turn.span.startMs, turn.startedAtMs) : turn.startedAtMs,
			endMs: turnEndMs(turn),
			tokens: figures[index]?.turn === turn ? figures[index].usage : turnUsage(turn),
			alert: turn.toolCalls.some(call => alertCallIds.has(call.callId)),
			outcome: turnOutcome(session, turn),
			children: turnChildren(session, turn, key, failuresByTurn.get(turn) ?? [], alertCallIds),
		};
	});
}

function turnChildren(session: Session, turn: Turn, key: string, failures: ReadonlyArray<{failure: ConnectionFailure; index: number}>, alertCallIds: ReadonlySet<string>): TimelineChild[] {
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
			row: {kind: 'request', key: `${key}:request:${index}`, request, number, compaction, error, retries: error === null ? failed : failed.slice(0, -1), startMs: request.startMs, endMs: request.endMs, open: !request.completed && !turnOver},
		});
	});
	turn.compactions.forEach((compaction, index) => {
		children.push({order: compaction.startMs, row: {kind: 'compaction', key: `${key}:compaction:${index}`, startMs: compaction.startMs, endMs: compaction.endMs}});
	});
	for (const {failure, index} of failures) {
		children.push({order: failure.atMs, row: {kind: 'connection', key: `${key}:connection:${index}`, failure, startMs: failure.atMs - failure.durationMs, endMs: failure.atMs}});
	}

	for (const call of turn.toolCalls) {
		children.push({
			order: call.orderMs,
			row: {kind: 'tool', key: `${key}:call:${call.callId}`, call, command: commandOf(call), startMs: call.startMs, endMs: call.endMs, failed: call.hasResult && callFailed(call), alert: alertCallIds.has(call.callId)},
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
			byTurn.set(found, [...(byTurn.get(found) ?? []), {failure, index}]);
		}
	});
	return byTurn;
}
