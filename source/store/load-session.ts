import {applyEvent, createModelState} from '../model/session-reducer.js';
import type {Session} from '../model/session.js';
import type {Db} from './database.js';
import {createEventLog} from './event-log.js';

/** Rebuilds one session from its stored events, through the same reducer as live ingest. */
export function loadSession(db: Db, conversationId: string): Session | undefined {
	const state = createModelState();
	for (const stored of createEventLog(db).readConversation(conversationId)) {
		applyEvent(state, stored.event);
	}

	return state.sessions.get(conversationId);
}
