/**
 * Sessions imported from Codex's own rollout files. Kept apart from `events` (the OTLP log) so the
 * receiver's hot path is unchanged and the two sources can be merged turn by turn when read.
 */
export const migration002 = `
CREATE TABLE rollout_files (
	path TEXT PRIMARY KEY,
	conversation_id TEXT NOT NULL,
	size INTEGER NOT NULL,
	mtime_ms REAL NOT NULL,
	imported_ms REAL NOT NULL
);

CREATE TABLE rollout_events (
	conversation_id TEXT NOT NULL,
	ordinal INTEGER NOT NULL,
	turn_id TEXT,
	kind TEXT NOT NULL,
	at_ms REAL NOT NULL,
	data TEXT NOT NULL,
	PRIMARY KEY (conversation_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE rollout_turns (
	conversation_id TEXT NOT NULL,
	turn_id TEXT NOT NULL,
	start_ms REAL NOT NULL,
	end_ms REAL NOT NULL,
	PRIMARY KEY (conversation_id, turn_id)
) WITHOUT ROWID;
`;
