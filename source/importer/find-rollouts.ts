import fs from 'node:fs';
import path from 'node:path';

export type RolloutFile = {path: string; size: number; mtimeMs: number};

const ROLLOUT_NAME = /^rollout-.*\.jsonl(?:\.gz)?$/;

/** Where Codex keeps conversations: live ones by date, and the ones the user archived. */
export function rolloutDirectories(codexHome: string): string[] {
	return [path.join(codexHome, 'sessions'), path.join(codexHome, 'archived_sessions')];
}

/** Every rollout file under the directories, oldest first; `sinceMs` keeps those written since then. */
export function findRollouts(directories: readonly string[], sinceMs?: number): RolloutFile[] {
	const found: RolloutFile[] = [];
	const walk = (directory: string) => {
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(directory, {withFileTypes: true});
		} catch {
			return;
		}

		for (const entry of entries) {
			const file = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				walk(file);
			} else if (entry.isFile() && ROLLOUT_NAME.test(entry.name)) {
				const stat = fs.statSync(file, {throwIfNoEntry: false});
				if (stat && (sinceMs === undefined || stat.mtimeMs >= sinceMs)) {
					found.push({path: file, size: stat.size, mtimeMs: stat.mtimeMs});
				}
			}
		}
	};

	for (const directory of directories) {
		walk(directory);
	}

	return found.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
}
