import fs from 'node:fs';
import {openDatabase, type Db} from '../store/database.js';
import {resolveConversation} from '../store/resolve-conversation.js';
import {createSessionIndex} from '../store/session-index.js';
import {UsageError} from './command.js';

/** A command about one session needs a database: saying there is none beats opening (creating) an empty one. */
export function requireDatabase(dbPath: string, query: string): void {
	if (!fs.existsSync(dbPath)) {
		throw new UsageError(`no session matches "${query}": nothing is recorded yet (no database at ${dbPath})`);
	}
}

/**
 * The start of the commands about one session (show, replay, export): the database opened and the
 * id (or a unique prefix or tail of one) resolved. The caller closes `db`; an unknown or ambiguous id is a
 * UsageError listing the candidates, and the database is closed again.
 */
export function openSession(dbPath: string, query: string, options: {readonly: boolean}): {db: Db; conversationId: string} {
	requireDatabase(dbPath, query);
	const db = openDatabase(dbPath, {readonly: options.readonly});
	try {
		const resolution = resolveConversation(createSessionIndex(db), query);
		if (resolution.kind !== 'found') {
			const candidates = resolution.kind === 'ambiguous' ? resolution.candidates.map(id => `\n  ${id}`).join('') : '';
			throw new UsageError(`${resolution.message}${candidates}`);
		}

		return {db, conversationId: resolution.conversationId};
	} catch (error) {
		db.close();
		throw error;
	}
}
