import type {SessionEngine} from '../hub/session-engine.js';
import type {SessionHub} from '../hub/session-hub.js';
import type {PriceBook} from '../model/price-book.js';
import type {SessionSummary} from '../model/session-summary.js';
import {withYoungGenerationHeld} from '../launch/gc-policy.js';
import {loadSession} from './load-session.js';
import type {Db} from '../store/database.js';
import {createSessionIndex} from '../store/session-index.js';
import type {ViewSource} from '../hub/view-source.js';

/** How many recorded sessions the list shows besides the live ones. */
const STORED_SESSIONS_SHOWN = 300;
/** The list re-reads the store at most this often (new sessions arrive through the hub anyway). */
const STORED_REFRESH_MS = 2000;

/** The screens' view of a running receiver: its hub for live sessions, the store for the rest. */
export function createLiveSource(options: {hub: SessionHub; db: Db; prices: PriceBook; createEngine: () => SessionEngine; mode: 'live' | 'viewer'; address: string | null; dbPath: string; warning?: string | undefined; notice?: string | undefined}): ViewSource {
	const index = createSessionIndex(options.db);
	let stored: SessionSummary[] = [];
	let readAt = Number.NEGATIVE_INFINITY;
	return {
		subscribe: options.hub.subscribe,
		getSnapshot: options.hub.getSnapshot,
		listStored() {
			const now = Date.now();
			if (now - readAt > STORED_REFRESH_MS) {
				stored = index.list({limit: STORED_SESSIONS_SHOWN});
				readAt = now;
			}

			return stored;
		},
		// The screen draws it next, in the same task: both under the hold.
		loadSession: conversationId => withYoungGenerationHeld(() => loadSession(options.db, conversationId, options.createEngine())),
		prices: options.prices,
		info: {mode: options.mode, address: options.address, dbPath: options.dbPath, warning: options.warning, notice: options.notice},
	};
}
