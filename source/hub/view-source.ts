import type {HubStats} from './session-hub.js';
import type {PriceBook} from '../model/price-book.js';
import type {SessionSummary} from '../model/session-summary.js';
import type {SessionView} from './session-view.js';

export type ViewSnapshot = {
	/** Changes whenever anything shown may have changed. */
	version: number;
	/** The sessions in memory (live, or replayed so far). */
	sessions: ReadonlyMap<string, SessionView>;
	stats: Readonly<HubStats>;
	/** Recorded sessions for the list, newest first, priced with the source's prices (the list prefers a session's view). */
	stored: readonly SessionSummary[];
};

export type ReplayInfo = {
	index: number;
	total: number;
	elapsedMs: number;
	durationMs: number;
	speed: number | 'max';
	playing: boolean;
	turn: number;
	turns: number;
};

/** Replay controls the app's keys drive, when the source is a replay. */
export type ReplayControls = {
	pause(): void;
	toggle(): void;
	faster(): void;
	slower(): void;
	stepForward(): void;
	stepBack(): void;
	nextTurn(): void;
	previousTurn(): void;
	toStart(): void;
	toEnd(): void;
};

/** What the screens read: live (receiver + hub), a read-only viewer, or a replay all provide it. */
export type ViewSource = {
	subscribe(listener: () => void): () => void;
	getSnapshot(): ViewSnapshot;
	/**
	 * A recorded session that is not in memory, rebuilt from the store; `loading` while a long one is read (the source
	 * tells its listeners when it is ready).
	 */
	loadSession(conversationId: string): SessionView | 'loading' | undefined;
	prices: PriceBook;
	/** `warning`: open to the network without a token; `notice`: something else the status line must say (gRPC off, took over). */
	info: {mode: 'live' | 'viewer' | 'replay'; address: string | null; dbPath: string; warning?: string | undefined; notice?: string | undefined};
	replay?: {position(): ReplayInfo; controls: ReplayControls};
	/** Stops what the source runs (a replay's timers). */
	dispose?(): void;
};
