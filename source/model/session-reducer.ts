import type {CodexEvent} from './codex-event.js';
import {applyEventToSession} from './apply-event.js';
import {reinterpretStoredLog} from './normalize-log.js';
import type {Session} from './session.js';
import {newSession} from './session-factories.js';

/** All conversations the model knows, by conversation id. */
export type ModelState = {sessions: Map<string, Session>};

export function createModelState(): ModelState {
	return {sessions: new Map()};
}

/** Folds one event into the model (its session's clock and counters here, the rest in `apply-event`) and returns the session it touched. */
export function applyEvent(state: ModelState, received: CodexEvent): Session {
	const event = received.kind === 'log_event' ? reinterpretStoredLog(received) ?? received : received;
	const session = getSession(state, event.conversationId, event.atMs);
	session.eventCount++;
	session.version++;
	const endMs = 'endMs' in event ? event.endMs : event.atMs;
	if (endMs > session.lastSeenAtMs) {
		session.lastSeenAtMs = endMs;
	}

	if (event.atMs > 0 && event.atMs < session.startedAtMs) {
		session.startedAtMs = event.atMs;
	}

	applyEventToSession(session, event);
	return session;
}

function getSession(state: ModelState, conversationId: string, atMs: number): Session {
	let session = state.sessions.get(conversationId);
	if (!session) {
		session = newSession(conversationId, atMs);
		state.sessions.set(conversationId, session);
	}

	return session;
}
