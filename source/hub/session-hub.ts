import type {ForwardTotals} from '../model/forward-totals.js';
import type {CodexEvent} from '../model/codex-event.js';
import type {ModelState} from '../model/session-reducer.js';
import type {Session} from '../model/session.js';
import {createSessionEngine, type ApplyContext, type SessionEngine} from './session-engine.js';

/** Receiver counters, shown in the status line; every failure is counted, never silent. */
export type HubStats = {
	requests: number;
	records: number;
	eventsStored: number;
	duplicateBatches: number;
	decodeErrors: number;
	rejectedRequests: number;
	storeErrors: number;
	lastError: string | null;
	/** Forwarding to upstream collectors, when configured; replaced (never mutated) on each change. */
	forward?: ForwardTotals;
};

export type HubSnapshot = {
	/** Increases on every change; equal versions mean an equal snapshot. */
	version: number;
	model: ModelState;
	stats: Readonly<HubStats>;
};

export type SessionHub = {
	/** Folds events into the sessions and returns the sessions they touched. */
	apply(events: Iterable<CodexEvent>, context?: ApplyContext): Set<Session>;
	hasSession(conversationId: string): boolean;
	/** Drops the least recently active sessions beyond `max` from memory (they stay in the store). */
	evict(max: number, keep: ReadonlySet<string>): number;
	getSession(conversationId: string): Session | undefined;
	/** Rebuilds one session from scratch from the given events (its merged history). */
	reload(conversationId: string, events: Iterable<CodexEvent>): Session | undefined;
	readonly stats: HubStats;
	/** Called after a change; listeners run at most once per `flushMs`. */
	notify(): void;
	subscribe(listener: () => void): () => void;
	getSnapshot(): HubSnapshot;
	close(): void;
};

/** Coalescing window: a burst of batches (Codex posts up to 512 spans at once) costs one redraw. */
const DEFAULT_FLUSH_MS = 50;

export function createSessionHub(options: {flushMs?: number; engine?: SessionEngine} = {}): SessionHub {
	const flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
	const engine = options.engine ?? createSessionEngine();
	const {model} = engine;
	const listeners = new Set<() => void>();
	const stats: HubStats = {requests: 0, records: 0, eventsStored: 0, duplicateBatches: 0, decodeErrors: 0, rejectedRequests: 0, storeErrors: 0, lastError: null};
	let version = 0;
	let snapshot: HubSnapshot = {version, model, stats: {...stats}};
	let timer: NodeJS.Timeout | undefined;

	const flush = () => {
		timer = undefined;
		version++;
		snapshot = {version, model, stats: {...stats}};
		for (const listener of listeners) {
			listener();
		}
	};

	return {
		apply: (events, context) => engine.applyAll(events, context),
		hasSession: conversationId => model.sessions.has(conversationId),
		evict(max, keep) {
			if (model.sessions.size <= max) {
				return 0;
			}

			// Down to 80 % of the cap, so eviction runs once per many batches, not on each.
			const target = Math.floor(max * 0.8);
			const oldest = [...model.sessions.values()].filter(session => !keep.has(session.conversationId)).sort((a, b) => a.lastSeenAtMs - b.lastSeenAtMs);
			let evicted = 0;
			for (const session of oldest) {
				if (model.sessions.size <= target) {
					break;
				}

				model.sessions.delete(session.conversationId);
				evicted++;
			}

			return evicted;
		},
		getSession: conversationId => model.sessions.get(conversationId),
		reload(conversationId, events) {
			model.sessions.delete(conversationId);
			engine.applyAll(events);
			return model.sessions.get(conversationId);
		},
		stats,
		notify() {
			if (timer === undefined && listeners.size > 0) {
				timer = setTimeout(flush, flushMs);
				timer.unref();
			} else if (listeners.size === 0) {
				version++;
				snapshot = {version, model, stats: {...stats}};
			}
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => snapshot,
		close() {
			if (timer) {
				clearTimeout(timer);
			}

			listeners.clear();
		},
	};
}
