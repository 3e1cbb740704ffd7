import type {SessionHub} from '../hub/session-hub.js';
import type {Db} from '../store/database.js';
import {conversationEvents, createEventLog} from '../store/event-log.js';

/** How often the viewer looks for new events. */
const POLL_MS = 400;
/** The recent sessions a viewer shows at once. */
const RECENT_SESSIONS = 30;
/** Events read per poll, so a burst never stalls the screen. */
const BATCH = 5000;

/**
 * A read-only viewer's feed: the recent sessions from the database, then every event the writer commits,
 * in commit order, through the same engine. A conversation first seen in the tail is loaded whole.
 */
export function followDatabase(db: Db, hub: SessionHub): {stop(): void} {
	const eventLog = createEventLog(db);
	const recent = db.prepare<[number], {conversation_id: string}>('SELECT conversation_id FROM sessions ORDER BY last_seen_at_ms DESC LIMIT ?');
	let cursor = eventLog.maxSeq();
	const loadedUpTo = new Map<string, number>();
	const load = (conversationId: string) => {
		let last = 0;
		hub.ingest((function * () {
			for (const stored of eventLog.readConversation(conversationId)) {
				last = Math.max(last, stored.seq);
				yield stored.event;
			}
		})());
		loadedUpTo.set(conversationId, last);
	};

	for (const {conversation_id: conversationId} of recent.all(RECENT_SESSIONS).reverse()) {
		load(conversationId);
	}

	const timer = setInterval(() => {
		const stored = eventLog.readAfter(cursor, BATCH);
		if (stored.length === 0) {
			return;
		}

		const merged = new Set<string>();
		const hasRollout = new Map<string, boolean>();
		for (const {seq, event} of stored) {
			cursor = seq;
			if (!hub.hasSession(event.conversationId)) {
				load(event.conversationId);
			}

			// A session with an imported rollout is rebuilt from both sources instead, so nothing counts twice.
			if (!hasRollout.has(event.conversationId)) {
				hasRollout.set(event.conversationId, eventLog.hasRollout(event.conversationId));
			}

			if (hasRollout.get(event.conversationId)) {
				merged.add(event.conversationId);
			} else if (seq > (loadedUpTo.get(event.conversationId) ?? 0)) {
				hub.ingest([event]);
			}
		}

		for (const conversationId of merged) {
			hub.reload(conversationId, conversationEvents(eventLog, conversationId));
			loadedUpTo.set(conversationId, cursor);
		}
	}, POLL_MS);
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
		},
	};
}
