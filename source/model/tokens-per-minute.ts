import type {Session} from './session.js';

const MINUTE_MS = 60_000;

/** Tokens of the model responses that completed in the last minute, across sessions (title threads aside). */
export function tokensPerMinute(sessions: Iterable<Session>, nowMs: number): number {
	const fromMs = nowMs - MINUTE_MS;
	let total = 0;
	for (const session of sessions) {
		if (session.kind === 'title' || session.lastSeenAtMs < fromMs) {
			continue;
		}

		for (let index = session.turns.length - 1; index >= 0; index--) {
			const turn = session.turns[index]!;
			if (Math.max(turn.lastActivityMs, turn.span?.endMs ?? 0) < fromMs) {
				break;
			}

			for (const request of turn.modelRequests) {
				if (request.usage && request.endMs >= fromMs && request.endMs <= nowMs) {
					total += request.usage.total;
				}
			}
		}
	}

	return total;
}
