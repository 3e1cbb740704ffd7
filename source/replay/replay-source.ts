import type {SessionEngine} from '../hub/session-engine.js';
import {createSessionHub, type HubSnapshot, type HubStats} from '../hub/session-hub.js';
import type {PriceBook} from '../model/price-book.js';
import type {StoredEvent} from '../store/event-log.js';
import type {ViewSnapshot, ViewSource} from '../hub/view-source.js';
import type {Recording} from './read-recording.js';
import type {ReplayClock} from './replay-clock.js';
import {createReplayController, type ReplaySpeed} from './replay-controller.js';

/** Time for the first frame to be drawn before the rest of a long recording is read. */
const FIRST_FRAME_MS = 100;

const NO_STATS: HubStats = Object.freeze({requests: 0, records: 0, eventsStored: 0, duplicateBatches: 0, decodeErrors: 0, rejectedRequests: 0, storeErrors: 0, lastError: null});

/**
 * A replay as the screens see it: a hub fed by the replay's clock instead of a receiver, the same snapshot shape
 * as live, plus position and controls.
 */
export function createReplaySource(options: {events: readonly StoredEvent[]; rest?: Recording['rest']; createEngine: () => SessionEngine; prices: PriceBook; dbPath: string; speed?: ReplaySpeed; clock?: ReplayClock; autoplay?: boolean}): ViewSource & {dispose(): void} {
	const listeners = new Set<() => void>();
	// Nobody subscribes to this hub: every change it gets comes from the controller, which says so (onChange),
	// and a hub without listeners publishes when its snapshot is asked for.
	const hub = createSessionHub({createEngine: options.createEngine, prices: options.prices});
	let version = 0;
	let seen: HubSnapshot | undefined;
	let snapshot: ViewSnapshot | undefined;
	let moved = true;
	const controller = createReplayController({
		events: options.events,
		incomplete: options.rest ? {expectedTotal: options.rest.total} : undefined,
		hub,
		speed: options.speed,
		clock: options.clock,
		onChange() {
			moved = true;
			for (const listener of listeners) {
				listener();
			}
		},
	});
	if (options.autoplay ?? true) {
		controller.play();
	}

	// The rest of a long recording is read once the first frame is out, a page per turn of the event loop,
	// so the screen keeps drawing and answering keys meanwhile.
	let loading: NodeJS.Timeout | NodeJS.Immediate | undefined;
	const readPage = () => {
		const next = options.rest!.pages.next();
		controller.append(next.done ? [] : next.value, Boolean(next.done));
		loading = next.done ? undefined : setImmediate(readPage);
	};

	if (options.rest) {
		loading = setTimeout(readPage, FIRST_FRAME_MS);
	}

	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot() {
			const current = hub.getSnapshot();
			// The position (the status line's) is part of what is shown: a pause changes the frame, not the sessions.
			if (!snapshot || current !== seen || moved) {
				seen = current;
				moved = false;
				snapshot = {...current, version: ++version, stats: NO_STATS, stored: []};
			}

			return snapshot;
		},
		loadSession: () => undefined,
		prices: options.prices,
		info: {mode: 'replay', address: null, dbPath: options.dbPath},
		replay: {position: controller.position, controls: controller},
		dispose() {
			clearTimeout(loading as NodeJS.Timeout);
			clearImmediate(loading as NodeJS.Immediate);

			controller.dispose();
			hub.close();
		},
	};
}
