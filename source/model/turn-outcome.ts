import type {TurnOutcome} from './codex-event.js';
import {isTurnOver} from './selectors.js';
import type {Session, Turn} from './session.js';

export type TurnOutcomeView = {outcome: TurnOutcome | 'running'; error: string | null};

const ENDED_BY_A_PERSON = new Set(['denied', 'abort']);

/**
 * How a turn ended: what the rollout says (`task_complete`, `turn_aborted`) when it was imported, else what the
 * telemetry shows: a model request Codex gave up on (a usage limit's 429) failed it; a call aborted before its
 * result, or one that started and never got a result, interrupted it.
 */
export function turnOutcome(session: Session, turn: Turn): TurnOutcomeView {
	if (turn.outcome) {
		return turn.outcome;
	}

	const over = isTurnOver(session, turn);
	if (over) {
		for (const request of turn.modelRequests) {
			const last = request.attempts.at(-1);
			if (!request.completed && last?.error) {
				return {outcome: 'failed', error: last.error};
			}
		}
	}

	// Esc or Ctrl-C during a call: its span says aborted, and no result ever comes.
	if (turn.toolCalls.some(call => call.aborted && !call.hasResult)) {
		return {outcome: 'interrupted', error: null};
	}

	if (!over) {
		return {outcome: 'running', error: null};
	}

	const unfinished = turn.toolCalls.some(call => !call.hasResult && !ENDED_BY_A_PERSON.has(call.decision ?? '') && (call.decision !== null || call.span !== null));
	return unfinished ? {outcome: 'interrupted', error: null} : {outcome: 'completed', error: null};
}

/** A failure as a person says it: `usage limit` for Codex's `usage_limit_exceeded: You've hit your usage limit…`. */
export function shortError(error: string | null): string | null {
	if (error === null) {
		return null;
	}

	const code = /^([a-z ]+?)(?: exceeded| reached)?:/.exec(error);
	return code ? code[1]! : (error.length > 40 ? `${error.slice(0, 39)}…` : error);
}

/** How the session's last turn ended, its error shortened: what the session's status is read from. */
export function lastTurnOutcome(session: Session): TurnOutcomeView | null {
	const last = session.turns.at(-1);
	if (!last) {
		return null;
	}

	const view = turnOutcome(session, last);
	return {outcome: view.outcome, error: shortError(view.error)};
}
