import fs from 'node:fs';
import path from 'node:path';
import type {Config} from '../config.js';
import type {SessionHub} from '../hub/session-hub.js';
import {createEngine} from '../app/create-engine.js';
import type {Ingest} from '../app/ingest.js';
import type {Db} from '../store/database.js';
import {createRolloutStore} from '../store/rollout-store.js';
import {findRollouts, rolloutDirectories} from './find-rollouts.js';
import {emptyTotals, importRolloutFile, type ImportOptions, type RolloutTail} from '../app/import-rollouts.js';

/** How often the day's session directories are looked at. */
const POLL_MS = 2000;
const DAY_MS = 86_400_000;

/**
 * Tails Codex's session files while codexmon runs: a rollout that appears or grows is imported and its
 * session rebuilt in memory, so sessions started without `[otel]` show up too. Only the directories of
 * today and yesterday (local and UTC) are looked at on each poll; older history is `codexmon import`'s.
 * A file that grew is read only from where the last poll stopped; one that shrank or was replaced
 * (another inode) is read again from its start.
 */
export function watchSessions(db: Db, hub: SessionHub, ingest: Ingest, config: Config): {stop(): void} {
	const store = createRolloutStore(db);
	const tails = new Map<string, RolloutTail>();
	const options: ImportOptions = {createEngine: () => createEngine(config), prices: config.prices, mask: config.mask};
	const poll = () => {
		try {
			const totals = emptyTotals();
			for (const home of config.codexHomes) {
				for (const file of findRollouts(dayDirectories(home, Date.now()))) {
					const stat = fs.statSync(file.path, {throwIfNoEntry: false});
					if (!stat || file.path.endsWith('.gz')) {
						continue;
					}

					const known = tails.get(file.path);
					const before = known ? undefined : store.fileState(file.path);
					if (known ? known.inode === stat.ino && known.offset === stat.size : before?.size === file.size && before.mtimeMs === file.mtimeMs) {
						continue;
					}

					const tail = known && known.inode === stat.ino && stat.size >= known.offset ? known : undefined;
					const read = importRolloutFile(db, store, file, {tail, inode: stat.ino}, options, totals);
					if (read.tail) {
						tails.set(file.path, read.tail);
					} else {
						tails.delete(file.path);
					}
				}
			}

			if (totals.changed.size > 0) {
				ingest.refresh(totals.changed);
			}
		} catch (error) {
			hub.stats.lastError = `watch-sessions: ${(error as Error).message}`;
			hub.notify();
		}
	};

	poll();
	const timer = setInterval(poll, POLL_MS);
	timer.unref();
	return {
		stop() {
			clearInterval(timer);
		},
	};
}

function dayDirectories(codexHome: string, nowMs: number): string[] {
	const [sessions] = rolloutDirectories(codexHome);
	const days = new Set<string>();
	for (const ms of [nowMs, nowMs - DAY_MS]) {
		const date = new Date(ms);
		days.add(path.join(String(date.getFullYear()), pad(date.getMonth() + 1), pad(date.getDate())));
		days.add(path.join(String(date.getUTCFullYear()), pad(date.getUTCMonth() + 1), pad(date.getUTCDate())));
	}

	return [...days].map(day => path.join(sessions!, day));
}

function pad(value: number): string {
	return String(value).padStart(2, '0');
}
