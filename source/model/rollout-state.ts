import type {CodexEvent} from './codex-event.js';
import type {Json} from './rollout-json.js';
import type {ConverterOptions, RolloutSink} from './rollout-types.js';
import type {TokenUsage} from './tokens.js';

/** A tool call read from its `response_item`, waiting for its output. */
export type PendingCall = {callId: string; tool: string; namespace: string; arguments: string; atMs: number; turnId: string | null};

/** An execution item's end (`item_completed`), for the tool output that follows it. */
export type CallItem = {status: string; durationMs: number | null};

/** Ordinals kept for the events a file opens with, written once what they need was read. */
export const STARTS_ORDINAL = 0;
export const PARENT_LINK_ORDINAL = 1;
const FIRST_FREE_ORDINAL = 2;

/** What reading one rollout file keeps between its lines; the per-record-type handlers share it. */
export type RolloutState = {
	readonly sink: RolloutSink;
	readonly options: ConverterOptions;
	readonly skipped: Record<string, number>;
	/** The next free ordinal. */
	ordinal: number;
	/** The file's `session_meta` payload, and its time. */
	meta: Json | undefined;
	metaMs: number;
	conversationId: string | null;
	startsWritten: boolean;
	lastAtMs: number;
	/** Token usage: from `token_usage_record`s, else from `token_count`'s growth (see rollout-usage.ts). */
	usage: {
		hasUsageRecords: boolean;
		/** Ordinals of requests derived from `token_count`, taken back if the file turns out to have usage records. */
		derived: number[];
		countedTotal: TokenUsage | undefined;
		seenResponses: Set<string>;
	};
	/** History copied from another thread (see rollout-copied-history.ts). */
	copy: {
		/** Inside history copied from another thread: it is the parent's, not this file's. */
		copying: boolean;
		/** The thread copied history comes from, and its known turns (undefined: unknown). */
		from: {id: string; turns: ReadonlySet<string> | undefined} | undefined;
		/** Whether this file's lines carry thread ids (Codex 0.16x on): copied history then ends at the first own one. */
		threadIds: boolean;
	};
	turnId: string | null;
	turnStartMs: number;
	model: string;
	/** When the current model request began: the turn's start, or the last tool output it was sent. */
	requestStartMs: number;
	items: Map<string, CallItem>;
	calls: Map<string, PendingCall>;
};

export function createRolloutState(sink: RolloutSink, options: ConverterOptions): RolloutState {
	return {
		sink,
		options,
		skipped: {},
		ordinal: FIRST_FREE_ORDINAL,
		meta: undefined,
		metaMs: 0,
		conversationId: null,
		startsWritten: false,
		lastAtMs: 0,
		usage: {hasUsageRecords: false, derived: [], countedTotal: undefined, seenResponses: new Set()},
		copy: {copying: false, from: undefined, threadIds: false},
		turnId: null,
		turnStartMs: 0,
		model: '',
		requestStartMs: 0,
		items: new Map(),
		calls: new Map(),
	};
}

export function skip(state: RolloutState, reason: string): void {
	state.skipped[reason] = (state.skipped[reason] ?? 0) + 1;
}

/** Gives the sink an event of the file's conversation at a given ordinal. */
export function emitAt(state: RolloutState, at: number, atMs: number, turn: string | null, event: Record<string, unknown>): void {
	state.sink.event(at, {event: {conversationId: state.conversationId, atMs, ...event} as CodexEvent, turnId: turn});
}

/** Gives the sink an event of the file's conversation, next in order. */
export function emit(state: RolloutState, atMs: number, turn: string | null, event: Record<string, unknown>): void {
	emitAt(state, state.ordinal++, atMs, turn, event);
}

/** Closes a turn (the given one, else the open one): its extent to the sink, and its turn span. */
export function endTurn(state: RolloutState, atMs: number, id: string | null): void {
	const ending = id ?? state.turnId;
	if (!ending) {
		return;
	}

	state.sink.turn({turnId: ending, startMs: state.turnStartMs, endMs: atMs});
	emit(state, atMs, ending, {kind: 'turn_span', turnId: ending, startMs: state.turnStartMs, endMs: atMs, model: state.model, usage: null});
	state.turnId = null;
	state.items.clear();
}
