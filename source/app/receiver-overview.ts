import type {SessionHub} from '../hub/session-hub.js';
import {overviewOfSummaries, overviewSinceMs, type StatusOverview} from '../model/status-overview.js';
import {tokensPerMinute} from '../model/tokens-per-minute.js';
import type {Db} from '../store/database.js';
import {createSessionIndex} from '../store/session-index.js';

/**
 * The running receiver's overview for `codexmon status`: the stored summaries (rewritten on every commit, so
 * current, and covering sessions from before this process) and, from memory, the last minute's tokens.
 */
export function createReceiverOverview(db: Db, hub: SessionHub): () => StatusOverview {
	const index = createSessionIndex(db);
	return () => {
		const nowMs = Date.now();
		return overviewOfSummaries(index.listSeenSince(overviewSinceMs(nowMs)), nowMs, tokensPerMinute(hub.sessions(), nowMs));
	};
}
