import type {SessionView} from '../hub/session-view.js';
import {statusAt, type SessionStatus} from '../model/session-status.js';
import type {Turn} from '../model/session.js';

/** The turn still running: the last one, when it has no end yet and the session is live. */
export function runningTurn(view: SessionView, status: SessionStatus): Turn | undefined {
	const last = view.session.turns.at(-1);
	if (!last || status !== 'live' || last.span !== null || last.response !== null) {
		return undefined;
	}

	return last;
}

/** Whether any live session has a turn running: only then does the screen need to tick every moment. */
export function anyTurnRunning(views: Iterable<SessionView>, nowMs: number): boolean {
	for (const view of views) {
		if (runningTurn(view, statusOf(view, nowMs))) {
			return true;
		}
	}

	return false;
}

export function statusOf(view: SessionView, nowMs: number): SessionStatus {
	const {session} = view;
	return statusAt({ended: session.endedAtMs !== null, lastSeenAtMs: session.lastSeenAtMs, outcome: view.outcome, entry: session.entry}, nowMs);
}

/**
 * The running turn's tokens per minute; undefined when no turn runs (a finished turn has no "now") or it
 * has run under a second (a rate from a sub-second sample is noise: 732k/min).
 */
export function burnPerMinute(view: SessionView, running: Turn | undefined, nowMs: number): number | undefined {
	const figures = view.turns.at(-1);
	if (!running || figures?.turn !== running || nowMs - running.startedAtMs < 1000) {
		return undefined;
	}

	return figures.usage.total / ((nowMs - running.startedAtMs) / 60_000);
}
