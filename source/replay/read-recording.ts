import type {Db} from '../store/database.js';
import {createEventLog, type StoredEvent} from '../store/event-log.js';
import {createSessionIndex} from '../store/session-index.js';

/** Events read before the replay's first frame; the rest are read while it plays. */
const FIRST_PAGE = 500;
const PAGE = 5000;

export type Recording = {
	first: StoredEvent[];
	/** Set when more events follow `first`: how many in all, and the pages that bring them. */
	rest?: {total: number; pages: Iterator<StoredEvent[]>};
};

/**
 * A recorded session for replay, so that a long one starts showing at once: its first events now, the
 * others in pages. A session with an imported rollout is merged from two sources and read whole.
 */
export function readRecording(db: Db, conversationId: string): Recording {
	const eventLog = createEventLog(db);
	if (eventLog.hasRollout(conversationId)) {
		return {first: [...eventLog.readConversation(conversationId)]};
	}

	const first = eventLog.readConversationPage(conversationId, -1, FIRST_PAGE);
	if (first.length < FIRST_PAGE) {
		return {first};
	}

	// The summary knows the count; counting 50,000 rows would cost the first frame ~25 ms.
	const total = createSessionIndex(db).get(conversationId)?.events ?? eventLog.countConversation(conversationId);
	return {
		first,
		rest: {
			total,
			pages: (function * () {
				let last = first.at(-1)!.seq;
				for (;;) {
					const page = eventLog.readConversationPage(conversationId, last, PAGE);
					if (page.length === 0) {
						return;
					}

					last = page.at(-1)!.seq;
					yield page;
				}
			})(),
		},
	};
}
