import path from 'node:path';
import type {SessionEngine} from '../hub/session-engine.js';
import type {CodexEvent} from '../model/codex-event.js';
import {maskEvent} from '../model/mask-event.js';
import type {PriceBook} from '../model/price-book.js';
import {summarizeSession} from '../model/session-summary.js';
import type {Db} from '../store/database.js';
import {createRolloutStore, type RolloutStore} from '../store/rollout-store.js';
import {conversationEvents, createEventLog, type EventLog} from '../store/event-log.js';
import {createSessionIndex, type SessionIndex} from '../store/session-index.js';
import type {RolloutFile} from '../importer/find-rollouts.js';
import {isIgnorableLine} from '../model/rollout-line-filter.js';
import {readLines, RolloutReadError} from '../importer/read-lines.js';
import {createRolloutConverter, type RolloutConverter, type RolloutSink} from '../model/normalize-rollout.js';

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

const FILES_PER_COMMIT = 200;

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
	const known = store.fileStates();
	// Files are committed in batches: one commit (one fsync) per file is most of a first import's time.
	let batch: Array<() => void> = [];
	const flush = () => {
		const work = batch;
		batch = [];
		db.transaction(() => {
			for (const run of work) {
				run();
			}
		})();
	};

	for (const [position, file] of files.entries()) {
		if (batch.length >= FILES_PER_COMMIT) {
			flush();
		}

		batch.push(() => importOne(position, file));
	}

	flush();
	totals.sessions = sessions.size;
	options.onProgress?.(files.length, files.length);
	return totals;

	function importOne(position: number, file: RolloutFile) {
		options.onProgress?.(position, files.length);
		totals.files++;
		const before = known.get(file.path);
		if (before && before.size === file.size && before.mtimeMs === file.mtimeMs) {
			totals.unchanged++;
			return;
		}

		const copy = `${path.basename(file.path).replace(/\.gz$/, '')}\u0000${file.size}`;
		if (read.has(copy)) {
			totals.duplicates++;
			const original = read.get(copy);
			if (original) {
				store.markFile(file, original);
			}

			return;
		}

		const {conversationId} = importRolloutFile(db, store, file, {}, options, totals);
		read.set(copy, conversationId);
		if (conversationId) {
			sessions.add(conversationId);
		}
	}
}

/** Where a file's reading stopped, to read on from there when it grows (`--watch-sessions`). */
export type RolloutTail = {converter: RolloutConverter; relay: Relay; offset: number; inode: number};

/** The converter's sink for one file; what it writes to is set anew for each read (each transaction). */
type Relay = RolloutSink & {target?: RolloutSink; events: number; turns: Set<string>; children: Set<string>};

function createRelay(mask: boolean): Relay {
	const relay: Relay = {
		events: 0,
		turns: new Set(),
		children: new Set(),
		event(ordinal, event) {
			relay.events++;
			if (event.event.kind === 'subagent_spawned' && event.event.parentConversationId !== event.event.conversationId && ordinal > 1) {
				relay.children.add(event.event.conversationId);
			}

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
	const converter = tail?.converter ?? createRolloutConverter(relay, {turnsOf: id => store.turnIds(id)});
	relay.events = 0;
	relay.turns = new Set();
	relay.children = new Set();
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
			refreshSummaries(db, conversationId, relay.children, options, totals);
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

/** Statements kept per database: an import of thousands of files prepares them once. */
const readers = new WeakMap<Db, {index: SessionIndex; events: EventLog; rollouts: RolloutStore}>();

/**
 * A conversation only a rollout gave, streamed from the store as the merge would order it (conversation-level
 * events first): the summary of a huge rollout never holds all its events at once.
 */
function * rolloutOnly(rollouts: RolloutStore, conversationId: string): Generator<CodexEvent> {
	for (const {event} of rollouts.iterate(conversationId)) {
		if (event.kind === 'conversation_starts' || event.kind === 'subagent_spawned') {
			yield event;
		}
	}

	for (const {event} of rollouts.iterate(conversationId)) {
		if (event.kind !== 'conversation_starts' && event.kind !== 'subagent_spawned') {
			yield event;
		}
	}
}

function refreshSummaries(db: Db, conversationId: string, children: ReadonlySet<string>, options: ImportOptions, totals: ImportTotals): void {
	let reader = readers.get(db);
	if (!reader) {
		reader = {index: createSessionIndex(db), events: createEventLog(db), rollouts: createRolloutStore(db)};
		readers.set(db, reader);
	}

	for (const id of [conversationId, ...children]) {
		// A child this rollout spawned is listed once its own rollout (or telemetry) arrives, not as an empty session.
		if (id === conversationId || reader.index.get(id)) {
			const engine = options.createEngine();
			engine.applyAll(reader.events.countConversation(id) === 0 ? rolloutOnly(reader.rollouts, id) : conversationEvents(reader.events, id));
			const session = engine.model.sessions.get(id);
			if (session) {
				reader.index.upsert(summarizeSession(session, options.prices));
			}
		}

		totals.changed.add(id);
	}
}
