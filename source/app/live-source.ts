import type {SessionEngine} from '../hub/session-engine.js';
import type {HubSnapshot, SessionHub} from '../hub/session-hub.js';
import {buildSessionView, type SessionView} from '../hub/session-view.js';
import type {ViewSnapshot, ViewSource} from '../hub/view-source.js';
import type {PriceBook} from '../model/price-book.js';
import {costOfUsageByModel} from '../model/session-cost.js';
import type {SessionSummary} from '../model/session-summary.js';
import type {Db} from '../store/database.js';
import {createSessionIndex} from '../store/session-index.js';
import {loadSession} from './load-session.js';

/** How many recorded sessions the list shows besides the live ones. */
const STORED_SESSIONS_SHOWN = 300;
/** The list re-reads the store at most this often when the hub changes (new sessions arrive through the hub anyway). */
const STORED_REFRESH_MS = 2000;
/** And this often when nothing arrives: what another process imported or pruned. */
const STORED_QUIET_REFRESH_MS = 10_000;
/** Recorded sessions opened from the list and kept rebuilt, the latest first. */
const LOADED_SESSIONS_KEPT = 4;

export type LiveSourceOptions = {hub: SessionHub; db: Db; prices: PriceBook; createEngine: () => SessionEngine; mode: 'live' | 'viewer'; address: string | null; dbPath: string; warning?: string | undefined; notice?: string | undefined};

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
			let view = loaded.get(conversationId);
			if (!view) {
				const session = loadSession(options.db, conversationId, options.createEngine());
				if (!session) {
					return undefined;
				}

				view = buildSessionView(session, options.prices);
			}

			loaded.delete(conversationId);
			loaded.set(conversationId, view);
			if (loaded.size > LOADED_SESSIONS_KEPT) {
				loaded.delete(loaded.keys().next().value!);
			}

			return view;
		},
		prices: options.prices,
		info: {mode: options.mode, address: options.address, dbPath: options.dbPath, warning: options.warning, notice: options.notice},
	};
}
