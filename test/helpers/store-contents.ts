import {resolveConfig} from '../../source/config.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {createEngine} from '../../source/app/create-engine.js';
import {loadSession} from '../../source/app/load-session.js';
import {openDatabase} from '../../source/store/database.js';
import {runCli} from './cli.js';

type SessionRow = {conversationId: string};

/**
 * Every session of a database: the list as `codexmon sessions --json --all` prints it, and each session's
 * document as `codexmon show --json` builds it (in-process: one spawn per session is too slow on a busy machine).
 */
export function storeContents(dbPath: string): {sessions: SessionRow[]; documents: Record<string, unknown>} {
	const sessions = JSON.parse(runCli(['sessions', '--json', '--all', '--db', dbPath]).stdout) as SessionRow[];
	const config = resolveConfig({db: dbPath}, {});
	const db = openDatabase(dbPath, {readonly: true});
	try {
		const documents: Record<string, unknown> = {};
		for (const row of sessions) {
			const session = loadSession(db, row.conversationId, createEngine(config));
			documents[row.conversationId] = session ? JSON.parse(JSON.stringify(buildSessionDocument(session, config.prices))) as unknown : undefined;
		}

		return {sessions, documents};
	} finally {
		db.close();
	}
}
