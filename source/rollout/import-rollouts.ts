import path from 'node:path';
import type {SessionEngine} from '../hub/session-engine.js';
import {maskEvent} from '../pipeline/mask-event.js';
import type {PriceBook} from '../model/price-book.js';
import {summarizeSession} from '../model/session-summary.js';
import {loadSession} from '../pipeline/load-session.js';
import type {Db} from '../store/database.js';
import {createRolloutStore, type RolloutStore} from '../store/rollout-store.js';
import {createSessionIndex} from '../store/session-index.js';
import type {RolloutFile} from './find-rollouts.js';
import {isIgnorableLine} from './line-filter.js';
import {readLines, RolloutReadError} from './read-lines.js';
import {createRolloutConverter, type RolloutConverter, type RolloutSink} from './rollout-to-events.js';

export type ImportTotals = {
	files: number;
	/** Files already imported and not changed since. */
	unchanged: number;
	/** Files that are a copy of one read in the same run (a rollout both in sessions/ and archived_sessions/). */
	duplicates: number;
	/** Distinct conversations imported. */
	sessions: number;
	turns: number;
	events: number;
	lines: number;
	/** Lines skipped, by reason. */
	skipped: Record<string, number>;
	/** Files that exist but could not be read, with why: the import fails (non-zero exit) when there are any. */
	unreadable: string[];
	/** Conversations whose stored data changed (to refresh a live view). */
	changed: Set<string>;
};

export function emptyTotals(): ImportTotals {
	return {files: 0, unchanged: 0, duplicates: 0, sessions: 0, turns: 0, events: 0, lines: 0, skipped: {}, unreadable: [], changed: new Set()};
}

export type ImportOptions = {createEngine: () => SessionEngine; prices: PriceBook; mask?: boolean; onProgress?: (done: number, total: number) => void};

/**
 * Imports rollout files into the store. Idempotent: a file is re-read only when its size or time changed,
 * and then replaces what it gave before, so importing twice (or a file that grew) never counts twice.
 * Each file is streamed line by line into the store: memory stays flat whatever its size.
 */
export function importRollouts(db: Db, files: readonly RolloutFile[], options: ImportOptions): ImportTotals {
	const store = createRolloutStore(db);
	const totals = emptyTotals();
	const sessions = new Set<string>();
	/** Name and size of each file read in this run: a second copy of a rollout is the same session. */
	const read = new Map<string, string | undefined>();
	for (const [position, file] of files.entries()) {
		options.onProgress?.(position, files.length);
		totals.files++;
		const before = store.fileState(file.path);
		if (before && before.size === file.size && before.mtimeMs === file.mtimeMs) {
			totals.unchanged++;
			continue;
		}

		const copy = `${path.basename(file.path).replace(/\.gz$/, '')}\u0000${file.size}`;
		if (read.has(copy)) {
			totals.duplicates++;
			const original = read.get(copy);
			if (original) {
				store.markFile(file, original);
			}

			continue;
		}

		const {conversationId} = importRolloutFile(db, store, file, {}, options, totals);
		read.set(copy, conversationId);
		if (conversationId) {
			sessions.add(conversationId);
		}
	}

	totals.sessions = sessions.size;
	options.onProgress?.(files.length, files.length);
	return totals;
}

/** Where a file's reading stopped, to read on from there when it grows (`--watch-sessions`). */
export type RolloutTail = {converter: RolloutConverter; relay: Relay; offset: number; inode: number};

/** The converter's sink for one file; what it writes to is set anew for each read (each transaction). */
type Relay = RolloutSink & {target?: RolloutSink; events: number; turns: Set<string>};

function createRelay(mask: boolean): Relay {
	const relay: Relay = {
		events: 0,
		turns: new Set(),
		event(ordinal, event) {
			relay.events++;
			relay.target!.event(ordinal, mask ? {event: maskEvent(event.event), turnId: event.turnId} : event);
		},
		retract: ordinals => relay.target!.retract(ordinals),
		turn(turn) {
			relay.turns.add(turn.turnId);
			relay.target!.turn(turn);
		},
	};
	return relay;
}

/**
 * Reads one file into the store, from its start (replacing what it gave before) or, given its tail, from
 * where the last read stopped (only whole lines: a last line Codex is still writing waits for the next read).
 * Gives the file's conversation (undefined when it has none or cannot be read) and the tail to read on from.
 */
export function importRolloutFile(db: Db, store: RolloutStore, file: RolloutFile, from: {tail?: RolloutTail; inode?: number}, options: ImportOptions, totals: ImportTotals): {conversationId?: string; tail?: RolloutTail} {
	const tail = from.tail;
	const relay = tail?.relay ?? createRelay(options.mask ?? false);
	const converter = tail?.converter ?? createRolloutConverter(relay);
	relay.events = 0;
	relay.turns = new Set();
	let conversationId: string | undefined;
	let offset = 0;
	try {
		db.transaction(() => {
			relay.target = store.writer(() => converter.conversationId(), {replace: tail === undefined});
			const before = converter.finish();
			const result = readLines(file.path, (bytes, start, end) => {
				converter.pushBytes(bytes, start, end);
			}, {fromByte: tail?.offset ?? 0, partialLast: from.inode === undefined, ignore: isIgnorableLine});
			converter.countIgnored(result.ignored);
			offset = result.bytes;
			const after = converter.finish();
			totals.lines += after.lines - before.lines;
			for (const [reason, count] of Object.entries(after.skipped)) {
				const added = count - (before.skipped[reason] ?? 0);
				if (added > 0) {
					totals.skipped[reason] = (totals.skipped[reason] ?? 0) + added;
				}
			}

			if (result.oversized > 0) {
				totals.skipped['line over 64 MiB'] = (totals.skipped['line over 64 MiB'] ?? 0) + result.oversized;
			}

			if (!after.conversationId) {
				return;
			}

			conversationId = after.conversationId;
			store.markFile(file, conversationId);
			refreshSummaries(db, conversationId, options, totals);
		})();
	} catch (error) {
		if (error instanceof RolloutReadError) {
			totals.unreadable.push(error.message);
			return {};
		}

		throw error;
	} finally {
		relay.target = undefined;
	}

	if (!conversationId) {
		return {};
	}

	totals.turns += relay.turns.size;
	totals.events += relay.events;
	if (tail) {
		tail.offset = offset;
	}

	return {conversationId, tail: tail ?? (from.inode === undefined ? undefined : {converter, relay, offset, inode: from.inode})};
}

function refreshSummaries(db: Db, conversationId: string, options: ImportOptions, totals: ImportTotals): void {
	const index = createSessionIndex(db);
	const touched = new Set([conversationId, ...childrenOf(db, conversationId)]);
	for (const id of touched) {
		// A child this rollout spawned is listed once its own rollout (or telemetry) arrives, not as an empty session.
		const session = id === conversationId || index.get(id) ? loadSession(db, id, options.createEngine()) : undefined;
		if (session) {
			index.upsert(summarizeSession(session, options.prices));
		}

		totals.changed.add(id);
	}
}

/** Children whose link row (ordinal -1) this conversation's rollout wrote. */
function childrenOf(db: Db, conversationId: string): string[] {
	return db.prepare<[string], {conversation_id: string}>('SELECT conversation_id FROM rollout_events WHERE ordinal = -1 AND kind = \'subagent_spawned\' AND json_extract(data, \'$.parentConversationId\') = ?')
		.all(conversationId).map(row => row.conversation_id);
}
