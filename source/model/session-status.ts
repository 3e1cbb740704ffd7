import type {SessionSummary} from './session-summary.js';

/**
 * live: telemetry within the last two minutes; idle: quiet, its last turn answered (a person thinking); ended: its
 * process reported its end; failed / interrupted: how its last turn ended; unfinished: quiet in the middle of a
 * turn, the process gone without its end (a `codex exec` killed, or exiting without flushing).
 */
export type SessionStatus = 'live' | 'idle' | 'ended' | 'failed' | 'interrupted' | 'unfinished';

/** A session with no telemetry for this long is idle rather than live (a turn never goes quiet this long). */
export const IDLE_AFTER_MS = 2 * 60_000;

export function sessionStatus(summary: Pick<SessionSummary, 'endedAt' | 'lastSeenAt' | 'outcome'> & {entry?: SessionSummary['entry']}, nowMs: number): SessionStatus {
	return statusAt({ended: summary.endedAt !== null, lastSeenAtMs: Date.parse(summary.lastSeenAt), outcome: summary.outcome, entry: summary.entry}, nowMs);
}

/** The same from a session's own figures (times in ms): what the screens use, every frame. */
export function statusAt(facts: {ended: boolean; lastSeenAtMs: number; outcome: SessionSummary['outcome']; entry?: SessionSummary['entry']}, nowMs: number): SessionStatus {
	const outcome = facts.outcome?.outcome;
	if (outcome === 'failed') {
		return outcome;
	}

	// A person who interrupted a turn and then quit ended the session; an interrupted `codex exec` was interrupted.
	if (outcome === 'interrupted' && !(facts.ended && facts.entry === 'interactive')) {
		return outcome;
	}

	if (facts.ended) {
		return 'ended';
	}

	if (nowMs - facts.lastSeenAtMs <= IDLE_AFTER_MS) {
		return 'live';
	}

	return outcome === 'running' ? 'unfinished' : 'idle';
}

/** The status with what failed, as the header and the list say it: `failed: usage limit`. */
export function describeStatus(status: SessionStatus, error: string | null | undefined): string {
	return status === 'failed' && error ? `failed: ${error}` : status;
}
