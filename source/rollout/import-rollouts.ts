import fs from 'node:fs';
import zlib from 'node:zlib';
import type {SessionEngine} from '../hub/session-engine.js';
import type {PriceBook} from '../model/price-book.js';
import {summarizeSession} from '../model/session-summary.js';
import {loadSession} from '../pipeline/load-session.js';
import {maskEvent} from '../pipeline/mask-event.js';
import type {Db} from '../store/database.js';
import {createRolloutStore} from '../store/rollout-store.js';
import {createSessionIndex} from '../store/session-index.js';
import type {RolloutFile} from './find-rollouts.js';
import {rolloutToEvents} from './rollout-to-events.js';

export type ImportTotals = {
	files: number;
	/** Files already imported and not changed since. */
	unchanged: number;
	sessions: number;
	turns: number;
	events: number;
	lines: number;
	/** Lines skipped, by reason; a file that cannot be read counts as `unreadable file`. */
	skipped: Record<string, number>;
	/** Conversations whose stored data changed (to refresh a live view). */
	changed: Set<string>;
};

export function emptyTotals(): ImportTotals {
	return {files: 0, unchanged: 0, sessions: 0, turns: 0, events: 0, lines: 0, skipped: {}, changed: new Set()};
}

/**
 * Imports rollout files into the store. Idempotent: a file is re-read only when its size or time changed,
 * and then replaces what it gave before, so importing twice (or a file that grew) never counts twice.
 */
export function importRollouts(db: Db, files: readonly RolloutFile[], options: {createEngine: () => SessionEngine; prices: PriceBook; mask?: boolean; onProgress?: (done: number, total: number) => void}): ImportTotals {
	const store = createRolloutStore(db);
	const index = createSessionIndex(db);
	const totals = emptyTotals();
	const addSkipped = (reason: string, count: number) => {
		totals.skipped[reason] = (totals.skipped[reason] ?? 0) + count;
	};

	for (const [position, file] of files.entries()) {
		options.onProgress?.(position, files.length);
		totals.files++;
		const before = store.fileState(file.path);
		if (before && before.size === file.size && before.mtimeMs === file.mtimeMs) {
			totals.unchanged++;
			continue;
		}

		let text: string;
		try {
			const raw = fs.readFileSync(file.path);
			text = (file.path.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
		} catch {
			addSkipped('unreadable file', 1);
			continue;
		}

		const conversion = rolloutToEvents(text.split('\n'));
		if (options.mask) {
			conversion.events = conversion.events.map(({event, turnId}) => ({event: maskEvent(event), turnId}));
		}

		totals.lines += conversion.lines;
		for (const [reason, count] of Object.entries(conversion.skipped)) {
			addSkipped(reason, count);
		}

		if (!conversion.conversationId) {
			continue;
		}

		const conversationId = conversion.conversationId;
		db.transaction(() => {
			store.replace(file, conversationId, conversion);
			const touched = new Set(conversion.events.map(({event}) => event.conversationId));
			for (const id of touched) {
				// A child this rollout spawned is listed once its own rollout (or telemetry) arrives, not as an empty session.
				const session = id === conversationId || index.get(id) ? loadSession(db, id, options.createEngine()) : undefined;
				if (session) {
					index.upsert(summarizeSession(session, options.prices));
				}

				totals.changed.add(id);
			}
		})();
		totals.sessions++;
		totals.turns += conversion.turns.length;
		totals.events += conversion.events.length;
	}

	options.onProgress?.(files.length, files.length);
	return totals;
}
