import {createHash} from 'node:crypto';
import type {SessionHub} from '../hub/session-hub.js';
import {createPriceBook, type PriceBook} from '../model/price-book.js';
import type {CodexEvent} from '../model/codex-event.js';
import type {Session} from '../model/session.js';
import {maskEvent} from '../model/mask-event.js';
import {normalizeLog} from '../model/normalize-log.js';
import {isTimelineSpan, normalizeSpan} from '../model/normalize-span.js';
import {summarizeSession, type SessionSummary} from '../model/session-summary.js';
import {createTurnConversations, withDirectoryEvents, type TurnConversations} from '../model/working-directory.js';
import type {DecodeOptions} from '../otlp/decode.js';
import {flattenExport} from '../otlp/flatten.js';
import type {OtlpExport} from '../otlp/types.js';
import type {Db} from '../store/database.js';
import {conversationEvents, createEventLog} from '../store/event-log.js';
import {createRolloutStore} from '../store/rollout-store.js';
import {createSessionIndex} from '../store/session-index.js';
import {createMergedConversations, type MergedConversations} from './merged-conversations.js';

/**
 * Only timeline spans are converted and stored; metrics are counted, not kept: the logs carry the same
 * token counts per request, and counting both would count twice.
 */
const INGEST_FILTERS = {span: isTimelineSpan, metric: () => false};

/** So metric data points need not even be decoded, only counted. */
export const INGEST_DECODE: DecodeOptions = {metricPoints: 'count'};

const LIVE = Object.freeze({live: true});

/**
 * Sessions kept in memory; older ones are dropped from memory and reloaded from the store if they
 * continue, so a long-running receiver's memory does not grow with its history.
 */
const MAX_SESSIONS_IN_MEMORY = 300;

/**
 * A stored history longer than this (events) resumes in chunks, the receiver answering others between them; a shorter
 * one is read and applied at once, before the request that continues it is answered.
 */
const RESUME_AT_ONCE_EVENTS = 5000;
/** Events applied per chunk of a resume: a few tens of milliseconds, about one large request's work. */
const RESUME_CHUNK_EVENTS = 500;

export type IngestResult = {records: number; stored: number; duplicate: boolean};

/** One decoded request as the receiver hands it over. */
export type IngestRequest = {exported: OtlpExport; body: Uint8Array; receivedMs: number};

export type Ingest = {
	/**
	 * Stores one decoded request, then folds it into the hub. Returns once the events are committed: only
	 * then may the receiver answer 200. Throws (and leaves the hub as it was) when the commit fails.
	 */
	ingest(exported: OtlpExport, body: Uint8Array, receivedMs: number): IngestResult;
	/**
	 * The same for several requests in one transaction (a group commit): each result, in order, once all
	 * are committed. A resent body in the same group is still stored once.
	 */
	ingestMany(requests: readonly IngestRequest[]): IngestResult[];
	/**
	 * The two halves of ingestMany, for a group commit: a request is converted to its events as soon as it is
	 * decoded, so only the events (not the decoded request) wait for the group's transaction.
	 */
	prepare(request: IngestRequest): PreparedBatch;
	storeMany(batches: readonly PreparedBatch[]): IngestResult[];
	/** Rebuilds sessions held in memory whose stored history changed underneath (an imported rollout). */
	refresh(conversationIds: Iterable<string>): void;
	/** Conversations with an imported rollout: merges from both sources, and batches applied on top of one. */
	readonly mergeCounts: Readonly<MergedConversations['counts']>;
};

/** A request converted to the events it stores, with what identifies it (its digest). */
export type PreparedBatch = {signal: string; digest: Uint8Array; records: number; events: CodexEvent[]; receivedMs: number};

/** Wires otlp → model → store → hub for one writer process (`serve` or the TUI). */
export function createIngest(db: Db, hub: SessionHub, options: {prices?: PriceBook; mask?: boolean} = {}): Ingest {
	const prices = options.prices ?? createPriceBook();
	const eventLog = createEventLog(db);
	const sessionIndex = createSessionIndex(db);
	const rollouts = createRolloutStore(db);
	const turns = createTurnConversations();
	const merges = createMergedConversations(hub, eventLog, rollouts);
	const reload = (conversationId: string) => merges.rebuild(conversationId);

	/** Conversations resuming in chunks, with the events of requests stored meanwhile (applied, live, once it is done). */
	const resuming = new Map<string, CodexEvent[]>();

	const loadFromStore = (conversationIds: Set<string>) => {
		for (const conversationId of conversationIds) {
			if (!resuming.has(conversationId) && !hub.hasSession(conversationId) && eventLog.hasConversation(conversationId)) {
				if (eventLog.countConversation(conversationId) > RESUME_AT_ONCE_EVENTS) {
					resumeInChunks(conversationId, eventLog.maxSeq());
				} else {
					hub.ingest(conversationEvents(eventLog, conversationId));
				}
			}
		}
	};

	/**
	 * Applies a long stored history (events up to `lastSeq`) a chunk at a time, yielding to the event loop between
	 * chunks, so that a resumed 10,000-request session does not stop the receiver answering anyone for seconds.
	 * Until it is done, the session's summary is not rewritten and the requests that continue it wait in memory
	 * (they are committed). A session dropped from memory meanwhile (a replaced database file) is not finished.
	 */
	const resumeInChunks = (conversationId: string, lastSeq: number) => {
		resuming.set(conversationId, []);
		let afterSeq = 0;
		let session: Session | undefined;
		const abandon = (reason: string | undefined) => {
			resuming.delete(conversationId);
			if (hub.getSession(conversationId) === session) {
				// Half a history is worse than none: the next request of the conversation resumes it again.
				hub.reload(conversationId, []);
			}

			if (reason) {
				hub.count(stats => {
					stats.lastError = `cannot resume a stored session: ${reason}`;
				});
			}
		};

		const step = () => {
			try {
				if (!db.open || (session && hub.getSession(conversationId) !== session)) {
					abandon(undefined);
					return;
				}

				const page = eventLog.readConversationPage(conversationId, afterSeq, RESUME_CHUNK_EVENTS);
				const history = page.filter(stored => stored.seq <= lastSeq);
				if (history.length > 0) {
					hub.ingest(history.map(stored => stored.event));
					afterSeq = history.at(-1)!.seq;
					session = hub.getSession(conversationId);
				}

				if (history.length === RESUME_CHUNK_EVENTS) {
					setImmediate(step);
					return;
				}

				const waiting = resuming.get(conversationId) ?? [];
				resuming.delete(conversationId);
				if (eventLog.hasRollout(conversationId)) {
					// A rollout of it was imported meanwhile: rebuilt from both sources, as any merged conversation.
					reload(conversationId);
				} else {
					hub.ingest(waiting, LIVE);
				}

				const resumed = hub.getSession(conversationId);
				if (resumed) {
					summarize([resumed]);
				}
			} catch (error) {
				abandon((error as Error).message);
			}
		};

		setImmediate(step);
	};

	// Only the events go in the transaction. The hub (memory) follows once they are committed: a commit that
	// fails (a full disk) rolls back the database, and memory must not keep what the database refused.
	const insert = db.transaction((batches: readonly PreparedBatch[]): {results: IngestResult[]; inserted: PreparedBatch[]} => {
		const results: IngestResult[] = [];
		const inserted: PreparedBatch[] = [];
		for (const batch of batches) {
			if (eventLog.insertBatch(batch)) {
				inserted.push(batch);
				results.push({records: batch.records, stored: batch.events.length, duplicate: false});
			} else {
				results.push({records: batch.records, stored: 0, duplicate: true});
			}
		}

		return {results, inserted};
	});

	/** Sessions whose summary could not be written: written with the next commit. */
	const unsaved = new Set<string>();
	const saveSummaries = db.transaction((sessions: Iterable<Session>) => {
		const written = new Map<Session, SessionSummary>();
		for (const session of sessions) {
			const summary = summarizeSession(session, prices);
			sessionIndex.upsert(summary);
			written.set(session, summary);
		}

		return written;
	});

	const store = (batches: readonly PreparedBatch[], conversationIds: Set<string>): IngestResult[] => {
		// A conversation this process has not seen (a resumed session, a restart) continues from its history,
		// read before this group's own events are inserted so that none is applied twice. A conversation with
		// an imported rollout instead continues its merge of both sources once inserted, so no turn counts twice.
		const merged = new Set([...conversationIds].filter(conversationId => rollouts.has(conversationId)));
		loadFromStore(merged.size === 0 ? conversationIds : new Set([...conversationIds].filter(conversationId => !merged.has(conversationId))));
		const {results, inserted} = insert(batches);

		const touched = new Set<Session>();
		for (const batch of inserted) {
			// Committed: a failure to fold it in must not fail the request (a retry would be a duplicate).
			try {
				for (const session of hub.ingest(merged.size === 0 && resuming.size === 0 ? batch.events : eventsToApply(batch.events, merged), LIVE)) {
					touched.add(session);
				}
			} catch (error) {
				hub.count(stats => {
					stats.lastError = `cannot apply a stored request: ${(error as Error).message}`;
				});
			}
		}

		const mergedEvents = merged.size === 0 ? undefined : eventsOfConversations(inserted, merged);
		for (const conversationId of merged) {
			try {
				// A resuming conversation's events wait for its history: rebuilt whole, as it will be once resumed.
				const session = resuming.has(conversationId) ? reload(conversationId) : merges.continue(conversationId, mergedEvents!.get(conversationId) ?? []);
				if (session) {
					touched.add(session);
				}
			} catch (error) {
				hub.count(stats => {
					stats.lastError = `cannot apply a stored request: ${(error as Error).message}`;
				});
			}
		}

		for (const conversationId of unsaved) {
			const session = hub.getSession(conversationId);
			if (session && !resuming.has(conversationId)) {
				touched.add(session);
			}
		}

		summarize(touched);
		return results;
	};

	/** A resuming conversation's events wait for its history; a merged one is rebuilt whole instead. */
	const eventsToApply = (events: readonly CodexEvent[], merged: ReadonlySet<string>): CodexEvent[] => events.filter(event => {
		const waiting = resuming.get(event.conversationId);
		if (waiting) {
			waiting.push(event);
			return false;
		}

		return !merged.has(event.conversationId);
	});

	// Once per session per group, not per request: a busy session's summary is rewritten once per commit.
	// The events are committed by now, so a summary that cannot be written does not fail the request.
	const summarize = (touched: Iterable<Session>) => {
		const sessions = [...touched];
		try {
			hub.adoptSummaries(saveSummaries(sessions));
			unsaved.clear();
		} catch (error) {
			for (const session of sessions) {
				unsaved.add(session.conversationId);
			}

			hub.count(stats => {
				stats.storeErrors++;
				stats.lastError = `cannot update the session list: ${(error as Error).message}`;
			});
		}
	};

	const prepare = ({exported, body, receivedMs}: IngestRequest): PreparedBatch => {
		const flattened = flattenExport(exported, INGEST_FILTERS);
		const events = options.mask ? toEvents(flattened.logs, flattened.spans, turns).map(event => maskEvent(event)) : toEvents(flattened.logs, flattened.spans, turns);
		return {signal: exported.signal, digest: batchDigest(exported.signal, body), records: flattened.itemCount, events, receivedMs};
	};

	const storeMany = (batches: readonly PreparedBatch[]): IngestResult[] => {
		const conversationIds = new Set<string>();
		for (const batch of batches) {
			for (const event of batch.events) {
				conversationIds.add(event.conversationId);
			}
		}

		const results = store(batches, conversationIds);
		hub.count(stats => {
			for (const result of results) {
				stats.records += result.records;
				stats.eventsStored += result.stored;
				if (result.duplicate) {
					stats.duplicateBatches++;
				}
			}
		});
		hub.evict(MAX_SESSIONS_IN_MEMORY, resuming.size === 0 ? conversationIds : new Set([...conversationIds, ...resuming.keys()]));
		return results;
	};

	const ingestMany = (requests: readonly IngestRequest[]): IngestResult[] => storeMany(requests.map(request => prepare(request)));

	return {
		ingest: (exported, body, receivedMs) => ingestMany([{exported, body, receivedMs}])[0]!,
		ingestMany,
		prepare,
		storeMany,
		mergeCounts: merges.counts,
		refresh(conversationIds) {
			for (const conversationId of conversationIds) {
				// A resuming session is rebuilt whole once its history is in (see resumeInChunks).
				if (hub.hasSession(conversationId) && !resuming.has(conversationId)) {
					reload(conversationId);
				}
			}
		},
	};
}

/** The events of these conversations in the batches, in order. */
function eventsOfConversations(batches: readonly PreparedBatch[], conversationIds: ReadonlySet<string>): Map<string, CodexEvent[]> {
	const byConversation = new Map<string, CodexEvent[]>();
	for (const batch of batches) {
		for (const event of batch.events) {
			if (conversationIds.has(event.conversationId)) {
				const events = byConversation.get(event.conversationId);
				if (events) {
					events.push(event);
				} else {
					byConversation.set(event.conversationId, [event]);
				}
			}
		}
	}

	return byConversation;
}

/** Identifies a request body: a resent body (same signal, same bytes) is stored once. */
export function batchDigest(signal: string, body: Uint8Array): Buffer {
	return createHash('sha256').update(signal).update(body).digest().subarray(0, 16);
}

function toEvents(logs: ReturnType<typeof flattenExport>['logs'], spans: ReturnType<typeof flattenExport>['spans'], turns: TurnConversations): CodexEvent[] {
	const events: CodexEvent[] = [];
	for (const log of logs) {
		for (const event of normalizeLog(log)) {
			events.push(event);
		}
	}

	for (const span of spans) {
		const event = normalizeSpan(span);
		if (event) {
			events.push(event);
		}
	}

	return withDirectoryEvents(events, spans, turns);
}
