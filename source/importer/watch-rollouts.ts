import fs from 'node:fs';
import path from 'node:path';
import {findRollouts, rolloutDirectories} from './find-rollouts.js';
import {emptyTotals} from './import-totals.js';
import {readRolloutFile, type RolloutConsumer, type RolloutTail} from './read-rollout-file.js';

/** How often the day's session directories are looked at. */
const POLL_MS = 2000;
const DAY_MS = 86_400_000;

export type RolloutWatch = {
	codexHomes: readonly string[];
	mask?: boolean;
	consumer: RolloutConsumer;
	/** What the store already has of a file, to skip one that did not change since codexmon last ran. */
	fileState(path: string): {size: number; mtimeMs: number} | undefined;
	/** Conversations whose stored data changed in one poll. */
	onChanged(conversationIds: ReadonlySet<string>): void;
	onError(error: Error): void;
};

/**
 * Tails Codex's session files while codexmon runs: a rollout that appears or grows is read into the
 * consumer. Only the directories of today and yesterday (local and UTC) are looked at on each poll; older
 * history is `codexmon import`'s. A file that grew is read only from where the last poll stopped; one that
 * shrank or was replaced (another inode) is read again from its start.
 */
export function watchRollouts(watch: RolloutWatch): {stop(): void} {
	const tails = new Map<string, RolloutTail>();
	const poll = () => {
		try {
			const totals = emptyTotals();
			for (const home of watch.codexHomes) {
				for (const file of findRollouts(dayDirectories(home, Date.now()))) {
					const stat = fs.statSync(file.path, {throwIfNoEntry: false});
					if (!stat || file.path.endsWith('.gz')) {
						continue;
					}

					const known = tails.get(file.path);
					const before = known ? undefined : watch.fileState(file.path);
					if (known ? known.inode === stat.ino && known.offset === stat.size : before?.size === file.size && before.mtimeMs === file.mtimeMs) {
						continue;
					}

					const tail = known && known.inode === stat.ino && stat.size >= known.offset ? known : undefined;
					const read = readRolloutFile(file, {tail, inode: stat.ino}, watch.consumer, {mask: watch.mask}, totals);
					if (read.tail) {
						tails.set(file.path, read.tail);
					} else {
						tails.delete(file.path);
					}
				}
			}

			if (totals.changed.size > 0) {
				watch.onChanged(totals.changed);
			}
		} catch (error) {
			watch.onError(error as Error);
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
