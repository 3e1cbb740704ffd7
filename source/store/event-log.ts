import type {CodexEvent} from '../model/codex-event.js';
import type {StoredEvent} from '../model/stored-event.js';
import type {Db} from './database.js';
import {mergeSources} from '../model/merge-sources.js';
import {createRolloutStore} from './rollout-store.js';

export type {StoredEvent} from '../model/stored-event.js';

export type BatchRecord = {
	receivedMs: number;
	signal: string;
	/** Identifies the request body; a resent body with the same digest is not stored twice. */
	digest: Uint8Array;
	records: number;
	events: readonly CodexEvent[];
};

export type EventLog = {
	/** Inserts a batch and its events; returns undefined when the batch was stored before. */
	insertBatch(batch: BatchRecord): {batchId: number} | undefined;
	/** A conversation's events: what the receiver stored, merged with any imported rollout of it. */
	readConversation(conversationId: string): IterableIterator<StoredEvent>;
	countConversation(conversationId: string): number;
	/** Received events only (no imported rollout), all of them. */
	readReceived(conversationId: string): StoredEvent[];
	/** Received events only (no imported rollout), a page at a time: `limit` after `seq`. */
	readConversationPage(conversationId: string, afterSeq: number, limit: number): StoredEvent[];
	/** Whether reading the conversation merges an imported rollout (it is then read whole). */
	hasRollout(conversationId: string): boolean;
	/** Events committed after `seq`, in commit order (a viewer's tail). */
	readAfter(seq: number, limit: number): StoredEvent[];
	maxSeq(): number;
	hasConversation(conversationId: string): boolean;
};

/** Writes and reads the append-only `events` table. Call insertBatch inside a transaction. */
export function createEventLog(db: Db): EventLog {
	const insertBatchRow = db.prepare<[number, string, Uint8Array, number, number]>(
		'INSERT INTO batches (received_ms, signal, digest, records, kept) VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING',
	);
	const insertEvent = db.prepare<[number, string, string, number, number, string]>(
		'INSERT INTO events (batch_id, conversation_id, kind, at_ms, received_ms, data) VALUES (?, ?, ?, ?, ?, ?)',
	);
	const selectConversation = db.prepare<[string], EventRow>(
		'SELECT seq, received_ms, conversation_id, kind, at_ms, data FROM events WHERE conversation_id = ? ORDER BY seq',
	);
	const selectPage = db.prepare<[string, number, number], EventRow>(
		'SELECT seq, received_ms, conversation_id, kind, at_ms, data FROM events WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
	);
	const countConversation = db.prepare<[string], {count: number}>('SELECT count(*) AS count FROM events WHERE conversation_id = ?');
	const hasConversation = db.prepare<[string], {found: number}>('SELECT 1 AS found FROM events WHERE conversation_id = ? LIMIT 1');
	const selectAfter = db.prepare<[number, number], EventRow>(
		'SELECT seq, received_ms, conversation_id, kind, at_ms, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
	);
	const rollouts = createRolloutStore(db);
	const selectMaxSeq = db.prepare<[], {seq: number | null}>('SELECT max(seq) AS seq FROM events');

	return {
		insertBatch(batch) {
			const result = insertBatchRow.run(batch.receivedMs, batch.signal, batch.digest, batch.records, batch.events.length);
			if (result.changes === 0) {
				return undefined;
			}

			const batchId = Number(result.lastInsertRowid);
			for (const event of batch.events) {
				insertEvent.run(batchId, event.conversationId, event.kind, event.atMs, batch.receivedMs, encodeEventData(event));
			}

			return {batchId};
		},
		* readConversation(conversationId) {
			const stored = (function * () {
				for (const row of selectConversation.iterate(conversationId)) {
					yield decodeStoredRow(row);
				}
			})();
			if (rollouts.has(conversationId)) {
				yield * mergeSources([...stored], rollouts.read(conversationId));
			} else {
				yield * stored;
			}
		},
		readReceived(conversationId) {
			return selectConversation.all(conversationId).map(row => decodeStoredRow(row));
		},
		readConversationPage(conversationId, afterSeq, limit) {
			return selectPage.all(conversationId, afterSeq, limit).map(row => decodeStoredRow(row));
		},
		hasRollout: conversationId => rollouts.has(conversationId),
		countConversation(conversationId) {
			return countConversation.get(conversationId)?.count ?? 0;
		},
		hasConversation(conversationId) {
			return hasConversation.get(conversationId) !== undefined || rollouts.has(conversationId);
		},
		readAfter(seq, limit) {
			return selectAfter.all(seq, limit).map(row => decodeStoredRow(row));
		},
		maxSeq: () => selectMaxSeq.get()?.seq ?? 0,
	};
}

/** The event minus the fields that have their own columns. */
function encodeEventData(event: CodexEvent): string {
	const {conversationId: _conversationId, kind: _kind, atMs: _atMs, ...rest} = event;
	return JSON.stringify(rest);
}

type EventRow = {seq: number; received_ms: number; conversation_id: string; kind: string; at_ms: number; data: string};

function decodeStoredRow(row: EventRow): StoredEvent {
	return {seq: row.seq, receivedMs: row.received_ms, event: decodeEventRow(row.conversation_id, row.kind, row.at_ms, row.data)};
}

/** Just the events of a conversation, as the engine takes them. */
export function * conversationEvents(eventLog: EventLog, conversationId: string): Generator<CodexEvent> {
	for (const stored of eventLog.readConversation(conversationId)) {
		yield stored.event;
	}
}

function decodeEventRow(conversationId: string, kind: string, atMs: number, data: string): CodexEvent {
	return {...(JSON.parse(data) as object), conversationId, kind, atMs} as CodexEvent;
}
