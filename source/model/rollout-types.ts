import type {CodexEvent} from './codex-event.js';

/** A model event read from a rollout file, with the turn it belongs to (null before the first turn). */
export type RolloutEvent = {event: CodexEvent; turnId: string | null};

export type RolloutTurn = {turnId: string; startMs: number; endMs: number};

/** Everything one rollout gave for a conversation, as stored. */
export type ImportedRollout = {events: RolloutEvent[]; turns: RolloutTurn[]};

export type RolloutConversion = {
	conversationId: string | null;
	events: RolloutEvent[];
	turns: RolloutTurn[];
	lines: number;
	/** Lines not turned into events, by reason: unknown types and malformed lines are never fatal. */
	skipped: Record<string, number>;
};

/** Where a streaming conversion puts what it produces, as it goes (ordinals are the events' order). */
export type RolloutSink = {
	event(ordinal: number, event: RolloutEvent): void;
	/** Takes back events already given (usage derived from `token_count` once a `token_usage_record` shows up). */
	retract(ordinals: readonly number[]): void;
	turn(turn: RolloutTurn): void;
};

export type RolloutConverter = {
	/** One line of the file, as bytes. */
	pushBytes(bytes: Buffer, start: number, end: number): void;
	/** Lines passed over unread (see `isIgnorableLine`): counted, nothing else. */
	countIgnored(lines: number): void;
	push(line: string): void;
	/**
	 * Writes what waits for the file's end (the open turn, a start without a turn context) and gives the
	 * totals so far; lines may still be pushed after it (a file Codex is still writing).
	 */
	finish(): Omit<RolloutConversion, 'events' | 'turns'>;
	/** The file's own conversation, once its `session_meta` was read. */
	conversationId(): string | null;
};

export type ConverterOptions = {
	/**
	 * The turns already known of another thread (its imported rollout): in a file whose lines carry no thread
	 * ids (older Codex), copied history ends at the first turn that is not one of the parent's.
	 */
	turnsOf?: (conversationId: string) => ReadonlySet<string> | undefined;
};
