import {createSessionEngine, type SessionEngine} from '../hub/session-engine.js';
import type {Session} from '../model/session.js';
import type {Db} from '../store/database.js';
import {conversationEvents, createEventLog} from '../store/event-log.js';

/**
 * SQLite's page cache while a whole conversation is read (KiB; SQLite's own default). better-sqlite3 builds SQLite
 * with 16 MiB per connection, and one pass over a 10,000-request conversation filled it: 13 MiB of malloc that the
 * live screen (the receiver, on the same connection) then kept all day for pages it never reads again.
 */
const READ_CACHE_KIB = 2000;

/** Rebuilds one session from its stored events, through the same engine as live ingest. */
export function loadSession(db: Db, conversationId: string, engine: SessionEngine = createSessionEngine()): Session | undefined {
	withSmallReadCache(db, () => engine.applyAll(conversationEvents(createEventLog(db), conversationId)));
	return engine.model.sessions.get(conversationId);
}

/**
 * Runs `read` with the connection's page cache at most READ_CACHE_KIB, then gives the connection its own size back.
 * Negative: KiB (positive would be pages, which nothing here sets). A smaller cache also frees what it held above
 * the bound.
 */
export function withSmallReadCache<T>(db: Db, read: () => T): T {
	const cacheSize = Number(db.pragma('cache_size', {simple: true}));
	if (cacheSize >= -READ_CACHE_KIB) {
		return read();
	}

	db.pragma(`cache_size = ${-READ_CACHE_KIB}`);
	try {
		return read();
	} finally {
		db.pragma(`cache_size = ${cacheSize}`);
	}
}
