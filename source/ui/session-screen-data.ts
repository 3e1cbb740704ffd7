import type {PriceBook} from '../model/price-book.js';
import {sessionTotals} from '../model/session-totals.js';
import {turnUsage} from '../model/selectors.js';
import {sessionStatus, type SessionStatus} from '../model/session-status.js';
import {lastTurnOutcome} from '../model/turn-outcome.js';
import type {Session, Turn} from '../model/session.js';

/** The turn still running: the last one, when it has no end yet and the session is live. */
export function runningTurn(session: Session, status: SessionStatus): Turn | undefined {
	const last = session.turns.at(-1);
	if (!last || status !== 'live' || last.span !== null || last.response !== null) {
		return undefined;
	}

	return last;
}

/** Whether any live session has a turn running: only then does the screen need to tick every moment. */
export function anyTurnRunning(sessions: Iterable<Session>, nowMs: number): boolean {
	for (const session of sessions) {
		if (runningTurn(session, statusOf(session, nowMs))) {
			return true;
		}
	}

	return false;
}

export function statusOf(session: Session, nowMs: number): SessionStatus {
	return sessionStatus({endedAt: session.endedAtMs === null ? null : 'ended', lastSeenAt: new Date(session.lastSeenAtMs).toISOString(), outcome: lastTurnOutcome(session), entry: session.entry}, nowMs);
}

/** Tokens per minute of the current turn: what the agent is burning right now. */
/**
 * The running turn's tokens per minute; undefined when no turn runs (a finished turn has no "now") or it
 * has run under a second (a rate from a sub-second sample is noise: 732k/min).
 */
export function burnPerMinute(session: Session, running: Turn | undefined, nowMs: number): number | undefined {
	if (!running || nowMs - running.startedAtMs < 1000) {
		return undefined;
	}

	return turnUsage(running).total / ((nowMs - running.startedAtMs) / 60_000);
}

export function costOf(session: Session, prices: PriceBook): number | null {
	// The running totals: recounting every request on every frame and key made a long session's screen slow.
	return sessionTotals(session, prices).costUsd;
}
