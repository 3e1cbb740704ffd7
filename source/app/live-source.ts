import type {SessionEngine} from '../hub/session-engine.js';
import type {HubSnapshot, SessionHub} from '../hub/session-hub.js';
import {buildSessionView, type SessionView} from '../hub/session-view.js';
import type {ViewSnapshot, ViewSource} from '../hub/view-source.js';
import type {PriceBook} from '../model/price-book.js';
import {costOfUsageByModel} from '../model/session-cost.js';
import type {SessionSummary} from '../model/session-summary.js';
import type {Db} from '../store/database.js';
import {createEventLog} from '../store/event-log.js';
import {createSessionIndex} from '../store/session-index.js';
import {withYoungGenerationHeld} from '../launch/gc-policy.js';
import {loadSession, withSmallReadCache} from './load-session.js';

/** How many recorded sessions the list shows besides the live ones. */
const STORED_SESSIONS_SHOWN = 300;
/** The list re-reads the store at most this often when the hub changes (new sessions arrive through the hub anyway). */
const STORED_REFRESH_MS = 2000;
/** And this often when nothing arrives: what another process imported or pruned. */
const STORED_QUIET_REFRESH_MS = 10_000;
/** Recorded sessions opened from the list and kept rebuilt, the latest first. */
const LOADED_SESSIONS_KEPT = 4;
/**
 * A recorded session longer than this (events) is read a page at a time, the receiver (in this process) answering
 * Codex between pages, instead of in one go: a 10,000-request session takes seconds to rebuild.
 */
const OPEN_AT_ONCE_EVENTS = 5000;
const OPEN_PAGE_EVENTS = 1000;

export type LiveSourceOptions = {
	hub: SessionHub;
	db: Db;
	prices: PriceBook;
	createEngine: () => SessionEngine;
	mode: 'live' | 'viewer';
	address: string | null;
	dbPath: string;
	warning?: string | undefined;
	notice?: string | undefined;
	openAtOnceEvents?: number;
};

/**
 * The screens' view of a running receiver: its hub for live sessions, the store for the rest. The store is read
 * here, when the hub publishes or on a quiet timer, never while a frame is drawn.
 */
export function createLiveSource(options: LiveSourceOptions): ViewSource {
	const {hub} = options;
	const index = createSessionIndex(options.db);
	const listeners = new Set<() => void>();
	let stored: SessionSummary[] = [];
	let readAt = Number.NEGATIVE_INFINITY;
	const readStored = () => {
		readAt = Date.now();
		try {
			// Priced again with today's prices: a summary keeps the cost at the prices known when it was written.
			stored = index.list({limit: STORED_SESSIONS_SHOWN}).map(summary => ({...summary, costUsd: summary.usageByModel ? costOfUsageByModel(summary.usageByModel, options.prices) : summary.costUsd ?? null}));
		} catch (error) {
			hub.count(stats => {
				stats.lastError = `cannot read the session list: ${(error as Error).message}`;
			});
		}
	};

	readStored();
	let version = 0;
	let seen: HubSnapshot | undefined;
	let seenStored: readonly SessionSummary[] | undefined;
	let snapshot: ViewSnapshot | undefined;
	const changed = () => {
		for (const listener of listeners) {
			listener();
		}
	};

	const onHub = () => {
		if (Date.now() - readAt > STORED_REFRESH_MS) {
			readStored();
		}

		changed();
	};

	let unsubscribe: (() => void) | undefined;
	let quiet: NodeJS.Timeout | undefined;
	const loaded = new Map<string, SessionView>();
	const keep = (conversationId: string, view: SessionView) => {
		loaded.delete(conversationId);
		loaded.set(conversationId, view);
		if (loaded.size > LOADED_SESSIONS_KEPT) {
			loaded.delete(loaded.keys().next().value!);
		}

		return view;
	};

	const eventLog = createEventLog(options.db);
	const opening = new Set<string>();
	/** Rebuilds a long recorded session a page per turn of the event loop, then tells the screens. */
	const openInPages = (conversationId: string) => {
		opening.add(conversationId);
		const engine = options.createEngine();
		let afterSeq = 0;
		const step = () => {
			try {
				// Each page under the same holds as a whole read (see loadSession): neither SQLite's page cache nor V8's
				// young generation is left grown for the rest of the day.
				const page = withYoungGenerationHeld(() => {
					const read = withSmallReadCache(options.db, () => eventLog.readConversationPage(conversationId, afterSeq, OPEN_PAGE_EVENTS));
					engine.applyAll(read.map(stored => stored.event));
					return read;
				});
				afterSeq = page.at(-1)?.seq ?? afterSeq;
				if (page.length === OPEN_PAGE_EVENTS) {
					setImmediate(step);
					return;
				}

				const session = engine.model.sessions.get(conversationId);
				if (session) {
					keep(conversationId, buildSessionView(session, options.prices));
				}
			} catch (error) {
				hub.count(stats => {
					stats.lastError = `cannot open session ${conversationId}: ${(error as Error).message}`;
				});
			}

			opening.delete(conversationId);
			// What the screens show changed (the session, read): a new snapshot, though the hub's is the same.
			snapshot = undefined;
			changed();
		};

		setImmediate(step);
	};

	return {
		subscribe(listener) {
			listeners.add(listener);
			if (!unsubscribe) {
				unsubscribe = hub.subscribe(onHub);
				quiet = setInterval(() => {
					if (Date.now() - readAt > STORED_QUIET_REFRESH_MS / 2) {
						readStored();
						changed();
					}
				}, STORED_QUIET_REFRESH_MS);
				quiet.unref();
			}

			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) {
					unsubscribe?.();
					unsubscribe = undefined;
					clearInterval(quiet);
				}
			};
		},
		getSnapshot() {
			const current = hub.getSnapshot();
			if (!snapshot || current !== seen || stored !== seenStored) {
				seen = current;
				seenStored = stored;
				snapshot = {...current, version: ++version, stored};
			}

			return snapshot;
		},
		loadSession(conversationId) {
			const view = loaded.get(conversationId);
			if (view) {
				return keep(conversationId, view);
			}

			if (opening.has(conversationId)) {
				return 'loading';
			}

			// A conversation with an imported rollout is merged from both sources, so it is read whole.
			if (!eventLog.hasRollout(conversationId) && eventLog.countConversation(conversationId) > (options.openAtOnceEvents ?? OPEN_AT_ONCE_EVENTS)) {
				openInPages(conversationId);
				return 'loading';
			}

			// The screen draws it next, in the same task: both under the hold.
			const session = withYoungGenerationHeld(() => loadSession(options.db, conversationId, options.createEngine()));
			return session ? keep(conversationId, buildSessionView(session, options.prices)) : undefined;
		},
		prices: options.prices,
		info: {mode: options.mode, address: options.address, dbPath: options.dbPath, warning: options.warning, notice: options.notice},
	};
}
