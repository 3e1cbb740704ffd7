import {createSessionEngine, type SessionEngine} from '../hub/session-engine.js';
import type {Session} from '../model/session.js';
import type {Db} from '../store/database.js';
import {conversationEvents, createEventLog} from '../store/event-log.js';

/** Rebuilds one session from its stored events, through the same engine as live ingest. */
export function loadSession(db: Db, conversationId: string, engine: SessionEngine = createSessionEngine()): Session | undefined {
	engine.applyAll(conversationEvents(createEventLog(db), conversationId));
	return engine.model.sessions.get(conversationId);
}
