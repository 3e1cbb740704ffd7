import path from 'node:path';
import type {SessionEngine} from '../hub/session-engine.js';
import type {RolloutFile} from '../importer/find-rollouts.js';
import {emptyTotals, type ImportTotals} from '../importer/import-totals.js';
import {readRolloutFile, type RolloutConsumer} from '../importer/read-rollout-file.js';
import type {CodexEvent} from '../model/codex-event.js';
import type {PriceBook} from '../model/price-book.js';
import {summarizeSession} from '../model/session-summary.js';
import type {Db} from '../store/database.js';
import {createRolloutStore, type RolloutStore} from '../store/rollout-store.js';
import {conversationEvents, createEventLog, type EventLog} from '../store/event-log.js';
import {createSessionIndex, type SessionIndex} from '../store/session-index.js';

export type {ImportTotals} from '../importer/import-totals.js';

const FILES_PER_COMMIT = 200;

export type ImportOptions = {createEngine: () => SessionEngine; prices: PriceBook; mask?: boolean; onProgress?: (done: number, total: number) => void};

/**
 * Imports rollout files into the store (importer/ reads them, the consumer below writes them). Idempotent:
 * a file is re-read only when its size or time changed, and then replaces what it gave before, so
 * importing twice (or a file that grew) never counts twice.
 * Each file is streamed line by line into the store: memory stays flat whatever its size.
 */
export function importRollouts(db: Db, files: readonly RolloutFile[], options: ImportOptions): ImportTotals {
	const store = createRolloutStore(db);
	const consumer = createRolloutStoreConsumer(db, store, options);
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

		const {conversationId} = readRolloutFile(file, {}, consumer, options, totals);
		read.set(copy, conversationId);
		if (conversationId) {
			sessions.add(conversationId);
		}
	}
}

/**
 * The consumer that writes a rollout file's events to the store: the converted events replace what the
 * file gave before, and the summaries of its conversation (and the children it spawned) are rebuilt.
 */
export function createRolloutStoreConsumer(db: Db, store: RolloutStore, options: ImportOptions): RolloutConsumer {
	return {
		commit(read) {
			db.transaction(read)();
		},
		consume: (conversationIdOf, writeOptions) => store.writer(conversationIdOf, writeOptions),
		turnsOf: conversationId => store.turnIds(conversationId),
		finished(file, conversationId, children, totals) {
			store.markFile(file, conversationId);
			refreshSummaries(db, conversationId, children, options, totals);
		},
	};
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
