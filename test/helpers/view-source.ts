import {createSessionHub} from '../../source/hub/session-hub.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {createPriceBook} from '../../source/model/price-book.js';
import type {ViewSource} from '../../source/hub/view-source.js';

/** A live-like source holding the given events, as the hub holds them after ingest. */
export function viewSourceOf(events: CodexEvent[]): ViewSource & {hub: ReturnType<typeof createSessionHub>} {
	const hub = createSessionHub({flushMs: 1});
	hub.apply(events);
	hub.notify();
	return {
		hub,
		subscribe: hub.subscribe,
		getSnapshot: hub.getSnapshot,
		listStored: () => [],
		loadSession: () => undefined,
		prices: createPriceBook(),
		info: {mode: 'live', address: '127.0.0.1:4318', dbPath: '/tmp/codexmon-test.db'},
	};
}
