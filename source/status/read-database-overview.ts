import fs from 'node:fs';
import {overviewOfSummaries, overviewSinceMs, type StatusOverview} from '../model/status-overview.js';
import {createSessionIndex} from '../store/session-index.js';

/** A writer holds the lock only for its commits; a status line does not wait longer than this. */
const BUSY_TIMEOUT_MS = 250;

/**
 * The overview from the database alone (no receiver answered): the stored session summaries, read-only.
 * undefined when there is no database yet. better-sqlite3 is loaded only here.
 */
export async function readDatabaseOverview(dbPath: string, nowMs: number): Promise<StatusOverview | undefined> {
	if (!fs.existsSync(dbPath)) {
		return undefined;
	}

	const {default: Database} = await import('better-sqlite3');
	const db = new Database(dbPath, {readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS});
	try {
		return overviewOfSummaries(createSessionIndex(db).listSeenSince(overviewSinceMs(nowMs)), nowMs, null);
	} finally {
		db.close();
	}
}
