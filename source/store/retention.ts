import type {Db} from './database.js';

export type PruneResult = {sessions: number; events: number};

/** A session seen this recently may still be running: retention never deletes it. */
export const PROTECTED_RECENT_MS = 15 * 60_000;

/** Deletes one session and its events, in one transaction; idempotency records of its batches stay. */
export function deleteSession(db: Db, conversationId: string): PruneResult {
	return db.transaction(() => {
		const events = db.prepare('DELETE FROM events WHERE conversation_id = ?').run(conversationId).changes;
		const sessions = db.prepare('DELETE FROM sessions WHERE conversation_id = ?').run(conversationId).changes;
		// Imported rollout data goes too; the file stays recorded as imported, so a later import does not bring it back.
		const imported = db.prepare('DELETE FROM rollout_events WHERE conversation_id = ?').run(conversationId).changes;
		db.prepare('DELETE FROM rollout_turns WHERE conversation_id = ?').run(conversationId);
		return {sessions, events: events + imported};
	})();
}

/**
 * Deletes whole sessions, oldest first, one small transaction each (the receiver keeps committing in
 * between): those last seen before `olderThanMs`, then more until the data fits in `maxBytes`. Sessions
 * seen in the last 15 minutes, and those in `keep`, are never deleted.
 */
export function pruneSessions(db: Db, options: {olderThanMs?: number; maxBytes?: number; nowMs: number; keep?: ReadonlySet<string>}): PruneResult {
	const oldest = db.prepare<[number], {conversation_id: string; last_seen_at_ms: number}>('SELECT conversation_id, last_seen_at_ms FROM sessions WHERE last_seen_at_ms < ? ORDER BY last_seen_at_ms LIMIT 200');
	const protectedBefore = options.nowMs - PROTECTED_RECENT_MS;
	const total: PruneResult = {sessions: 0, events: 0};
	const deleteBatch = (cutoffMs: number, shouldContinue: () => boolean) => {
		for (;;) {
			const candidates = oldest.all(Math.min(cutoffMs, protectedBefore)).filter(row => !options.keep?.has(row.conversation_id));
			if (candidates.length === 0) {
				return;
			}

			for (const {conversation_id: conversationId} of candidates) {
				if (!shouldContinue()) {
					return;
				}

				const result = deleteSession(db, conversationId);
				total.sessions += result.sessions;
				total.events += result.events;
			}
		}
	};

	if (options.olderThanMs !== undefined) {
		deleteBatch(options.nowMs - options.olderThanMs, () => true);
	}

	if (options.maxBytes !== undefined) {
		const maxBytes = options.maxBytes;
		deleteBatch(Number.POSITIVE_INFINITY, () => usedBytes(db) > maxBytes);
	}

	return total;
}

/** Bytes the database's pages hold, free pages left out (the file only shrinks on VACUUM). */
export function usedBytes(db: Db): number {
	const pageSize = Number(db.pragma('page_size', {simple: true}));
	return (Number(db.pragma('page_count', {simple: true})) - Number(db.pragma('freelist_count', {simple: true}))) * pageSize;
}
