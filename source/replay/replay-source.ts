import type {SessionEngine} from '../hub/session-engine.js';
import type {HubStats} from '../hub/session-hub.js';
import type {PriceBook} from '../model/price-book.js';
import type {StoredEvent} from '../store/event-log.js';
import type {ViewSnapshot, ViewSource} from '../ui/view-source.js';
import type {ReplayClock} from './replay-clock.js';
import {createReplayController, type ReplaySpeed} from './replay-controller.js';

const NO_STATS: HubStats = Object.freeze({requests: 0, records: 0, eventsStored: 0, duplicateBatches: 0, decodeErrors: 0, rejectedRequests: 0, storeErrors: 0, lastError: null});

/** A replay as the screens see it: the same snapshot shape as live, plus position and controls. */
export function createReplaySource(options: {events: readonly StoredEvent[]; createEngine: () => SessionEngine; prices: PriceBook; dbPath: string; speed?: ReplaySpeed; clock?: ReplayClock; autoplay?: boolean}): ViewSource & {dispose(): void} {
	const listeners = new Set<() => void>();
	let version = 0;
	const controller = createReplayController({
		events: options.events,
		createEngine: options.createEngine,
		speed: options.speed,
		clock: options.clock,
		onChange() {
			version++;
			snapshot = {version, model: controller.engine().model, stats: NO_STATS};
			for (const listener of listeners) {
				listener();
			}
		},
	});
	let snapshot: ViewSnapshot = {version, model: controller.engine().model, stats: NO_STATS};
	if (options.autoplay ?? true) {
		controller.play();
	}

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
		listStored: () => [],
		loadSession: () => undefined,
		prices: options.prices,
		info: {mode: 'replay', address: null, dbPath: options.dbPath},
		replay: {position: controller.position, controls: controller},
		dispose: controller.dispose,
	};
}
