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
