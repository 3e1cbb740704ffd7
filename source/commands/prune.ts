import fs from 'node:fs';
import {resolveConfig} from '../config.js';
import {formatBytes} from '../format/format-number.js';
import {parseDuration, parseSize} from '../format/parse-size.js';
import {openDatabase} from '../store/database.js';
import {pruneSessions, usedBytes} from '../store/retention.js';
import {UsageError, type Command} from './command.js';
import {fileBytes, shrinkDatabase} from './shrink-database.js';

export const pruneCommand: Command = {
	name: 'prune',
	summary: 'Delete old sessions (by age or to fit a size)',
	arguments: {most: 0, usage: 'codexmon prune [options]'},
	help: `
	Usage
	  $ codexmon prune [--older-than 30d] [--max-size 500MB] [--dry-run] [--db FILE]

	Deletes whole sessions, oldest first: those last seen longer ago than
	--older-than, then more until the database fits in --max-size. Sessions
	seen in the last 15 minutes are never deleted. The file then shrinks
	(VACUUM) unless a running codexmon holds it; its free space is reused.
	codexmon serve and the live screen prune by themselves with --retain and
	--max-db-size (or [store] retain / max_size in the config file).

	Options
	  --older-than  30d, 12h, 2w
	  --max-size    500MB, 2GiB
	  --dry-run     Say what would be deleted and freed, delete nothing
	  --db          Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)

	Examples
	  $ codexmon prune --older-than 30d
	  $ codexmon prune --max-size 1GB
`,
	flags: {
		dryRun: {type: 'boolean'},
		olderThan: {type: 'string'},
		maxSize: {type: 'string'},
		db: {type: 'string'},
		config: {type: 'string'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const olderThanMs = typeof flags.olderThan === 'string' ? parseDuration(flags.olderThan) : undefined;
		const maxBytes = typeof flags.maxSize === 'string' ? parseSize(flags.maxSize) : undefined;
		if (flags.olderThan !== undefined && olderThanMs === undefined) {
			throw new UsageError(`--older-than must be like 30d, 12h or 2w, got "${String(flags.olderThan)}"`);
		}

		if (flags.maxSize !== undefined && maxBytes === undefined) {
			throw new UsageError(`--max-size must be like 500MB or 2GiB, got "${String(flags.maxSize)}"`);
		}

		if (olderThanMs === undefined && maxBytes === undefined) {
			throw new UsageError('say what to prune: --older-than 30d and/or --max-size 500MB');
		}

		if (!fs.existsSync(config.dbPath)) {
			process.stdout.write(`Nothing to prune: no database at ${config.dbPath}.\n`);
			return 0;
		}

		const db = openDatabase(config.dbPath);
		try {
			const usedBefore = usedBytes(db);
			if (flags.dryRun) {
				// Deleted inside a transaction that is rolled back: the very sessions and bytes a real run frees.
				db.exec('BEGIN');
				try {
					const result = pruneSessions(db, {olderThanMs, maxBytes, nowMs: Date.now()});
					process.stdout.write(`Would delete ${sessionsText(result.sessions)} (${result.events} events), freeing ${formatBytes(usedBefore - usedBytes(db))} (dry run: nothing deleted).\n`);
				} finally {
					db.exec('ROLLBACK');
				}

				return 0;
			}

			const fileBefore = fileBytes(config.dbPath);
			const result = pruneSessions(db, {olderThanMs, maxBytes, nowMs: Date.now()});
			const freed = usedBefore - usedBytes(db);
			const shrunk = result.sessions > 0 ? shrinkDatabase(db, config.dbPath, fileBefore) : '';
			process.stdout.write(`Deleted ${sessionsText(result.sessions)} (${result.events} events), freed ${formatBytes(freed)}${shrunk}.\n`);
			return 0;
		} finally {
			db.close();
		}
	},
};

function sessionsText(count: number): string {
	return `${count} session${count === 1 ? '' : 's'}`;
}
