import {failedAttempts, requestError} from '../model/model-requests.js';
import {isTurnOver} from '../model/selectors.js';
import type {Session, Turn} from '../model/session.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';

/** Failed attempts at the model in one turn (429s, 5xx, broken streams) that make a burst of retries. */
export const RETRY_BURST = {warning: 3, critical: 6};

/**
 * The model API failing: a burst of retried attempts in a turn, and a request that finally failed (a usage or
 * rate limit Codex gave up on, a stream that never completed), which ends the turn without an answer.
 */
export function detectModelFailures(session: Session, nowMs: number, onAlert?: AlertListener): void {
	for (const turn of recentTurns(session)) {
		const failed = turn.modelRequests.flatMap(request => failedAttempts(request));
		const severity = severityFor(failed.length, RETRY_BURST);
		if (severity) {
			raiseAlert(session, {
				key: `runaway:model-retries:${turn.index}`,
				kind: 'runaway',
				metric: 'model-retries',
				severity,
				atMs: nowMs,
				message: `turn ${turn.index}: ${failed.length} failed model attempts (${summarize(failed.map(attempt => attempt.error ?? `http ${attempt.status}`))})`,
				callIds: [],
				evidence: {turn: turn.index, failedAttempts: failed.length},
			}, onAlert);
		}

		const turnOver = isTurnOver(session, turn);
		turn.modelRequests.forEach((request, index) => {
			// Only a failure Codex reported: a request merely without its answer may be an interrupt, or still streaming.
			const last = request.attempts.at(-1);
			const error = requestError(request, turnOver);
			if (!turnOver || error === null || !last || last.error === null) {
				return;
			}

			const {status} = last;
			raiseAlert(session, {
				key: `runaway:model-failure:${turn.index}:${index}`,
				kind: 'runaway',
				metric: 'model-failure',
				severity: 'critical',
				atMs: nowMs,
				message: `turn ${turn.index}: model request ${index + 1} failed${status === 429 ? ' (http 429: rate or plan usage limit)' : `: ${error}`}`,
				callIds: [],
				evidence: {turn: turn.index, request: index + 1, status, error, attempts: request.attempts.length},
			}, onAlert);
		});
	}
}

/** The current turn and the one before it: a new prompt is what shows the previous turn ended. */
function recentTurns(session: Session): Turn[] {
	const current = session.currentTurn ?? session.turns.at(-1);
	if (!current) {
		return [];
	}

	const previous = session.turns[current.index - 2];
	return previous ? [previous, current] : [current];
}

function summarize(errors: string[]): string {
	const counts = new Map<string, number>();
	for (const error of errors) {
		counts.set(error, (counts.get(error) ?? 0) + 1);
	}

	return [...counts].map(([error, count]) => (count > 1 ? `${error} ×${count}` : error)).join(', ');
}
