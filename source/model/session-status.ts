import type {SessionSummary} from './session-summary.js';

export type SessionStatus = 'live' | 'idle' | 'ended';

/** A session with no telemetry for this long is idle rather than live (a turn never goes quiet this long). */
export const IDLE_AFTER_MS = 2 * 60_000;

export function sessionStatus(summary: Pick<SessionSummary, 'endedAt' | 'lastSeenAt'>, nowMs: number): SessionStatus {
	if (summary.endedAt !== null) {
		return 'ended';
	}

	return nowMs - Date.parse(summary.lastSeenAt) > IDLE_AFTER_MS ? 'idle' : 'live';
}
