import type {CodexEvent} from '../model/codex-event.js';
import type {ImportedRollout, RolloutEvent, RolloutSink} from '../model/normalize-rollout.js';
import type {Db} from './database.js';

export type RolloutFileState = {size: number; mtimeMs: number};

export type {ImportedRollout} from '../model/normalize-rollout.js';

export type RolloutStore = {
	/** What was imported from a file, to skip it when it has not changed. */
	fileState(path: string): RolloutFileState | undefined;
	/** Every imported file's state, read at once (a re-import checks thousands). */
	fileStates(): Map<string, RolloutFileState>;
	/** Replaces everything imported for the conversation with this file's content (idempotent). */
	replace(file: {path: string; size: number; mtimeMs: number}, conversationId: string, imported: ImportedRollout): void;
	/**
	 * A sink that writes a conversion's rows as they come (call inside a transaction). `replace` first
	 * drops what the conversation had (a file read from its start); otherwise rows are added (lines appended).
	 */
	writer(conversationIdOf: () => string | null, options: {replace: boolean}): RolloutSink;
	/** Records that a file was imported, at this size and time. */
	markFile(file: {path: string; size: number; mtimeMs: number}, conversationId: string): void;
	has(conversationId: string): boolean;
	/** The turn ids imported for a conversation (undefined when none was). */
	turnIds(conversationId: string): Set<string> | undefined;
	read(conversationId: string): ImportedRollout;
	/** A conversation's own imported events in order, one row at a time (a huge rollout is never held whole). */
	iterate(conversationId: string): Iterable<RolloutEvent>;
	conversationIds(): string[];
};

/**
 * The imported rollouts. A database opened read-only before they existed (schema 1) has none:
 * every read answers empty rather than failing.
 */
export function createRolloutStore(db: Db): RolloutStore {
	const exists = db.prepare('SELECT 1 FROM sqlite_master WHERE type = \'table\' AND name = \'rollout_events\'').get() !== undefined;
	if (!exists) {
		return {
			fileState: () => undefined,
			fileStates: () => new Map(),
			replace() {
				throw new Error('this database is read-only and has no rollout tables');
			},
			writer() {
				throw new Error('this database is read-only and has no rollout tables');
			},
			markFile() {
				throw new Error('this database is read-only and has no rollout tables');
			},
			has: () => false,
			turnIds: () => undefined,
			read: () => ({events: [], turns: []}),
			iterate: () => [],
			conversationIds: () => [],
		};
	}

	const selectFile = db.prepare<[string], {size: number; mtime_ms: number}>('SELECT size, mtime_ms FROM rollout_files WHERE path = ?');
	const upsertFile = db.prepare<[string, string, number, number, number]>(`INSERT INTO rollout_files (path, conversation_id, size, mtime_ms, imported_ms) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (path) DO UPDATE SET conversation_id = excluded.conversation_id, size = excluded.size, mtime_ms = excluded.mtime_ms, imported_ms = excluded.imported_ms`);
	const deleteEvents = db.prepare<[string]>('DELETE FROM rollout_events WHERE conversation_id = ?');
	const deleteTurns = db.prepare<[string]>('DELETE FROM rollout_turns WHERE conversation_id = ?');
	const retractEvent = db.prepare<[string, number]>('DELETE FROM rollout_events WHERE conversation_id = ? AND ordinal = ?');
	const insertEvent = db.prepare<[string, number, string | null, string, number, string]>('INSERT OR REPLACE INTO rollout_events (conversation_id, ordinal, turn_id, kind, at_ms, data) VALUES (?, ?, ?, ?, ?, ?)');
	const deleteLink = db.prepare<[string]>('DELETE FROM rollout_events WHERE conversation_id = ? AND ordinal = -1');
	const insertTurn = db.prepare<[string, string, number, number]>('INSERT OR REPLACE INTO rollout_turns (conversation_id, turn_id, start_ms, end_ms) VALUES (?, ?, ?, ?)');
	const selectEvents = db.prepare<[string], {conversation_id: string; turn_id: string | null; kind: string; at_ms: number; data: string}>(
		'SELECT conversation_id, turn_id, kind, at_ms, data FROM rollout_events WHERE conversation_id = ? ORDER BY ordinal');
	const selectTurns = db.prepare<[string], {turn_id: string; start_ms: number; end_ms: number}>('SELECT turn_id, start_ms, end_ms FROM rollout_turns WHERE conversation_id = ? ORDER BY start_ms');
	const selectTurnIds = db.prepare<[string], {turn_id: string}>('SELECT turn_id FROM rollout_turns WHERE conversation_id = ?');
	const hasConversation = db.prepare<[string], {found: number}>('SELECT 1 AS found FROM rollout_events WHERE conversation_id = ? LIMIT 1');
	const selectConversations = db.prepare<[], {conversation_id: string}>('SELECT DISTINCT conversation_id FROM rollout_events');

	return {
		fileStates() {
			const rows = db.prepare<[], {path: string; size: number; mtime_ms: number}>('SELECT path, size, mtime_ms FROM rollout_files').all();
			return new Map(rows.map(row => [row.path, {size: row.size, mtimeMs: row.mtime_ms}]));
		},
		fileState(path) {
			const row = selectFile.get(path);
			return row ? {size: row.size, mtimeMs: row.mtime_ms} : undefined;
		},
		replace(file, conversationId, imported) {
			db.transaction(() => {
				deleteEvents.run(conversationId);
				deleteTurns.run(conversationId);
				let ordinal = 0;
				for (const {event, turnId} of imported.events) {
					const {conversationId: owner, kind, atMs, ...rest} = event;
					if (owner !== conversationId) {
						// The link to a child this rollout spawned belongs to the child's conversation: one row, first.
						deleteLink.run(owner);
						insertEvent.run(owner, -1, turnId, kind, atMs, JSON.stringify(rest));
						continue;
					}

					insertEvent.run(owner, ordinal++, turnId, kind, atMs, JSON.stringify(rest));
				}

				for (const turn of imported.turns) {
					insertTurn.run(conversationId, turn.turnId, turn.startMs, turn.endMs);
				}

				upsertFile.run(file.path, conversationId, file.size, file.mtimeMs, Date.now());
			})();
		},
		writer(conversationIdOf, options) {
			let started = !options.replace;
			const own = (): string => {
				const conversationId = conversationIdOf();
				if (!conversationId) {
					throw new Error('a rollout row before its session_meta');
				}

				if (!started) {
					started = true;
					deleteEvents.run(conversationId);
					deleteTurns.run(conversationId);
				}

				return conversationId;
			};

			return {
				event(ordinal, {event, turnId}) {
					const conversationId = own();
					const {conversationId: owner, kind, atMs, ...rest} = event;
					if (owner !== conversationId) {
						// The link to a child this rollout spawned belongs to the child's conversation: one row, first.
						deleteLink.run(owner);
						insertEvent.run(owner, -1, turnId, kind, atMs, JSON.stringify(rest));
						return;
					}

					insertEvent.run(owner, ordinal, turnId, kind, atMs, JSON.stringify(rest));
				},
				retract(ordinals) {
					const conversationId = own();
					for (const ordinal of ordinals) {
						retractEvent.run(conversationId, ordinal);
					}
				},
				turn(turn) {
					insertTurn.run(own(), turn.turnId, turn.startMs, turn.endMs);
				},
			};
		},
		markFile(file, conversationId) {
			upsertFile.run(file.path, conversationId, file.size, file.mtimeMs, Date.now());
		},
		turnIds(conversationId) {
			const rows = selectTurnIds.all(conversationId);
			return rows.length === 0 ? undefined : new Set(rows.map(row => row.turn_id));
		},
		has: conversationId => hasConversation.get(conversationId) !== undefined,
		* iterate(conversationId) {
			for (const row of selectEvents.iterate(conversationId)) {
				yield {event: {...(JSON.parse(row.data) as object), conversationId: row.conversation_id, kind: row.kind, atMs: row.at_ms} as CodexEvent, turnId: row.turn_id};
			}
		},
		read(conversationId) {
			const events = selectEvents.all(conversationId).map(row => ({
				event: {...(JSON.parse(row.data) as object), conversationId: row.conversation_id, kind: row.kind, atMs: row.at_ms} as CodexEvent,
				turnId: row.turn_id,
			}));
			const turns = selectTurns.all(conversationId).map(row => ({turnId: row.turn_id, startMs: row.start_ms, endMs: row.end_ms}));
			return {events, turns};
		},
		conversationIds: () => selectConversations.all().map(row => row.conversation_id),
	};
}
