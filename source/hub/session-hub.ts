import type {ForwardTotals} from '../model/forward-totals.js';
import type {CodexEvent} from '../model/codex-event.js';
import {createPriceBook, type PriceBook} from '../model/price-book.js';
import type {SessionSummary} from '../model/session-summary.js';
import type {Session} from '../model/session.js';
import {createSessionEngine, type ApplyContext, type SessionEngine} from './session-engine.js';
import {buildSessionView, type SessionView} from './session-view.js';

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
	/** Every session in memory, as the screens show it; a session's view is replaced when it changes, never mutated. */
	sessions: ReadonlyMap<string, SessionView>;
	stats: Readonly<HubStats>;
};

export type SessionHub = {
	/**
	 * Folds events (committed ones: the store's, never a batch it may still refuse) into their sessions and returns
	 * the sessions they touched. What changed is published on its own: once per flush window, however many batches.
	 */
	ingest(events: Iterable<CodexEvent>, context?: ApplyContext): Set<Session>;
	/** Rebuilds one session from scratch from the given events (its merged history). */
	reload(conversationId: string, events: Iterable<CodexEvent>): Session | undefined;
	/** Forgets every session (and what the detectors learnt), then folds `events`: a replay stepping back, a replaced database. */
	reset(events?: Iterable<CodexEvent>): void;
	/** The summaries just written for these sessions (the session list's figures), so their views reuse them. */
	adoptSummaries(summaries: ReadonlyMap<Session, SessionSummary>): void;
	hasSession(conversationId: string): boolean;
	getSession(conversationId: string): Session | undefined;
	sessions(): IterableIterator<Session>;
	/** Drops the least recently active sessions beyond `max` from memory (they stay in the store). */
	evict(max: number, keep: ReadonlySet<string>): number;
	readonly stats: Readonly<HubStats>;
	/** Changes the counters; the status line shows it with the next flush. */
	count(change: (stats: HubStats) => void): void;
	subscribe(listener: () => void): () => void;
	getSnapshot(): HubSnapshot;
	close(): void;
};

/** Coalescing window: a burst of batches (Codex posts up to 512 spans at once) costs one redraw. */
const DEFAULT_FLUSH_MS = 50;

export type HubOptions = {
	/** How long changes wait to be published; 0 publishes each at once (a replay's steps). */
	flushMs?: number;
	/** A fresh engine: the hub's, and the one a reset starts from. */
	createEngine?: () => SessionEngine;
	/** What the views' costs are priced with. */
	prices?: PriceBook;
};

export function createSessionHub(options: HubOptions = {}): SessionHub {
	const flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
	const newEngine = options.createEngine ?? (() => createSessionEngine());
	const prices = options.prices ?? createPriceBook();
	let engine = newEngine();
	const listeners = new Set<() => void>();
	const stats: HubStats = {requests: 0, records: 0, eventsStored: 0, duplicateBatches: 0, decodeErrors: 0, rejectedRequests: 0, storeErrors: 0, lastError: null};
	/** Sessions changed (or gone) since the last publish; with nobody subscribed, only that something did (`serve` never asks). */
	const dirty = new Set<string>();
	let everyDirty = false;
	const summaries = new Map<string, SessionSummary>();
	let views = new Map<string, SessionView>();
	let version = 0;
	let snapshot: HubSnapshot = {version, sessions: views, stats: {...stats}};
	let published = true;
	let timer: NodeJS.Timeout | undefined;

	const publish = () => {
		if (timer) {
			clearTimeout(timer);
			timer = undefined;
		}

		if (published) {
			return;
		}

		published = true;
		const next = new Map(views);
		const changedIds = everyDirty ? new Set([...views.keys(), ...engine.model.sessions.keys()]) : dirty;
		everyDirty = false;
		for (const conversationId of changedIds) {
			const session = engine.model.sessions.get(conversationId);
			const previous = views.get(conversationId);
			if (!session) {
				next.delete(conversationId);
			} else if (previous?.session !== session || previous.version !== session.version) {
				const summary = summaries.get(conversationId);
				try {
					next.set(conversationId, buildSessionView(session, prices, summary?.events === session.eventCount ? summary : undefined));
				} catch (error) {
					// One session the hub cannot describe must not stop the others being shown: it keeps its last view.
					stats.lastError = `cannot show session ${conversationId}: ${(error as Error).message}`;
				}
			}
		}

		dirty.clear();
		summaries.clear();
		views = next;
		version++;
		snapshot = {version, sessions: views, stats: {...stats}};
		for (const listener of listeners) {
			listener();
		}
	};

	const changed = (conversationIds?: Iterable<string>) => {
		if (listeners.size === 0) {
			everyDirty ||= conversationIds !== undefined;
		} else {
			for (const conversationId of conversationIds ?? []) {
				dirty.add(conversationId);
			}
		}

		published = false;
		schedule();
	};

	// With nobody subscribed (`serve`) nothing is published on a timer: getSnapshot publishes when asked.
	const schedule = () => {
		if (flushMs === 0 || listeners.size === 0) {
			if (listeners.size > 0) {
				publish();
			}
		} else if (timer === undefined) {
			timer = setTimeout(publish, flushMs);
			timer.unref();
		}
	};

	const touched = (sessions: Set<Session>) => {
		changed([...sessions].map(session => session.conversationId));
		return sessions;
	};

	return {
		ingest: (events, context) => touched(engine.applyAll(events, context)),
		reload(conversationId, events) {
			engine.model.sessions.delete(conversationId);
			const sessions = engine.applyAll(events);
			changed([conversationId, ...[...sessions].map(session => session.conversationId)]);
			return engine.model.sessions.get(conversationId);
		},
		reset(events = []) {
			const gone = [...engine.model.sessions.keys()];
			engine = newEngine();
			const sessions = engine.applyAll(events);
			changed([...gone, ...[...sessions].map(session => session.conversationId)]);
		},
		adoptSummaries(written) {
			// Used at the next publish only if the session has not changed since (see publish). Nobody subscribed: no
			// publish is coming, and a view built when asked computes its summary then.
			if (listeners.size === 0) {
				return;
			}

			for (const [session, summary] of written) {
				summaries.set(session.conversationId, summary);
			}
		},
		hasSession: conversationId => engine.model.sessions.has(conversationId),
		getSession: conversationId => engine.model.sessions.get(conversationId),
		sessions: () => engine.model.sessions.values(),
		evict(max, keep) {
			const {sessions} = engine.model;
			if (sessions.size <= max) {
				return 0;
			}

			// Down to 80 % of the cap, so eviction runs once per many batches, not on each.
			const target = Math.floor(max * 0.8);
			const oldest = [...sessions.values()].filter(session => !keep.has(session.conversationId)).sort((a, b) => a.lastSeenAtMs - b.lastSeenAtMs);
			const evicted: string[] = [];
			for (const session of oldest) {
				if (sessions.size <= target) {
					break;
				}

				sessions.delete(session.conversationId);
				evicted.push(session.conversationId);
			}

			changed(evicted);
			return evicted.length;
		},
		stats,
		count(change) {
			change(stats);
			changed();
		},
		subscribe(listener) {
			listeners.add(listener);
			if (!published) {
				schedule();
			}

			return () => listeners.delete(listener);
		},
		getSnapshot() {
			if (!published && listeners.size === 0) {
				publish();
			}

			return snapshot;
		},
		close() {
			if (timer) {
				clearTimeout(timer);
				timer = undefined;
			}

			listeners.clear();
		},
	};
}
