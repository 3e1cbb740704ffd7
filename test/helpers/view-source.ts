import type {SessionEngine} from '../../source/hub/session-engine.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import type {ViewSnapshot, ViewSource} from '../../source/hub/view-source.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {createPriceBook} from '../../source/model/price-book.js';

/** A live-like source holding the given events, as the hub holds them after ingest. */
export function viewSourceOf(events: CodexEvent[], options: {createEngine?: () => SessionEngine} = {}): ViewSource & {hub: ReturnType<typeof createSessionHub>} {
	const hub = createSessionHub({flushMs: 1, createEngine: options.createEngine});
	hub.ingest(events);
	let seen: ReturnType<typeof hub.getSnapshot> | undefined;
	let snapshot: ViewSnapshot | undefined;
	return {
		hub,
		subscribe: hub.subscribe,
		getSnapshot() {
			const current = hub.getSnapshot();
			if (current !== seen) {
				seen = current;
				snapshot = {...current, stored: []};
			}

			return snapshot!;
		},
		loadSession: () => undefined,
		prices: createPriceBook(),
		info: {mode: 'live', address: '127.0.0.1:4318', dbPath: '/tmp/codexmon-test.db'},
	};
}
