import type {SessionSummary} from '../model/session-summary.js';
import type {Db} from './database.js';

export type SessionIndex = {
	upsert(summary: SessionSummary): void;
	list(options?: {includeTitles?: boolean; limit?: number}): SessionSummary[];
	get(conversationId: string): SessionSummary | undefined;
	/** Every session (title threads too) last seen at or after `sinceMs`, through the last-seen index. */
	listSeenSince(sinceMs: number): SessionSummary[];
	/** Conversation ids that start with (or, for a short tail, end with) the given text. */
	findIds(prefix: string): string[];
};

export function createSessionIndex(db: Db): SessionIndex {
	const upsert = db.prepare<[string, string, string | null, number, number, string]>(`
		INSERT INTO sessions (conversation_id, kind, parent_conversation_id, started_at_ms, last_seen_at_ms, summary)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (conversation_id) DO UPDATE SET kind = excluded.kind, parent_conversation_id = excluded.parent_conversation_id,
			started_at_ms = excluded.started_at_ms, last_seen_at_ms = excluded.last_seen_at_ms, summary = excluded.summary`);
	const listAll = db.prepare<[number], {summary: string}>('SELECT summary FROM sessions ORDER BY started_at_ms DESC LIMIT ?');
	const listVisible = db.prepare<[number], {summary: string}>('SELECT summary FROM sessions WHERE kind != \'title\' ORDER BY started_at_ms DESC LIMIT ?');
	const get = db.prepare<[string], {summary: string}>('SELECT summary FROM sessions WHERE conversation_id = ?');
	const seenSince = db.prepare<[number], {summary: string}>('SELECT summary FROM sessions WHERE last_seen_at_ms >= ?');
	const findByPrefix = db.prepare<[string], {conversation_id: string}>('SELECT conversation_id FROM sessions WHERE conversation_id LIKE ? ESCAPE \'\\\' ORDER BY started_at_ms DESC LIMIT 50');

	return {
		upsert(summary) {
			upsert.run(summary.conversationId, summary.kind, summary.parentConversationId, Date.parse(summary.startedAt), Date.parse(summary.lastSeenAt), JSON.stringify(summary));
		},
		list(options = {}) {
			const statement = options.includeTitles ? listAll : listVisible;
			return statement.all(options.limit ?? -1).map(row => JSON.parse(row.summary) as SessionSummary);
		},
		listSeenSince: sinceMs => seenSince.all(sinceMs).map(row => JSON.parse(row.summary) as SessionSummary),
		get(conversationId) {
			const row = get.get(conversationId);
			return row ? JSON.parse(row.summary) as SessionSummary : undefined;
		},
		findIds(text) {
			const escaped = text.toLowerCase().replaceAll(/[\\%_]/g, character => `\\${character}`);
			const starts = findByPrefix.all(`${escaped}%`).map(row => row.conversation_id);
			return starts.length > 0 ? starts : findByPrefix.all(`%${escaped}`).map(row => row.conversation_id);
		},
	};
}
