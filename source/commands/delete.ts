import {resolveConfig} from '../config.js';
import {formatBytes} from '../format/format-number.js';
import {deleteSession, usedBytes} from '../store/retention.js';
import {UsageError, type Command} from './command.js';
import {openSession} from './open-session.js';
import {fileBytes, shrinkDatabase} from './shrink-database.js';

export const deleteCommand: Command = {
	name: 'delete',
	summary: 'Delete one recorded session',
	arguments: {most: 1, usage: 'codexmon delete <conversation-id>'},
	help: `
	Usage
	  $ codexmon delete <conversation-id or unique prefix> [--dry-run] [--db FILE]

	Deletes the session and all its events from the database; --dry-run says
	what it would delete and free, and deletes nothing.

	Examples
	  $ codexmon delete 8886e1714e3d
`,
	flags: {
		dryRun: {type: 'boolean'},
		db: {type: 'string'},
		config: {type: 'string'},
	},
	async run(input, flags) {
		const config = resolveConfig(flags);
		const query = input[0];
		if (!query) {
			throw new UsageError('delete needs a conversation id: codexmon delete <conversation-id>');
		}

		const {db, conversationId} = openSession(config.dbPath, query, {readonly: false});
		try {
			const usedBefore = usedBytes(db);
			if (flags.dryRun) {
				db.exec('BEGIN');
				try {
					const result = deleteSession(db, conversationId);
					process.stdout.write(`Would delete session ${conversationId} (${result.events} events), freeing ${formatBytes(usedBefore - usedBytes(db))} (dry run: nothing deleted).\n`);
				} finally {
					db.exec('ROLLBACK');
				}

				return 0;
			}

			const fileBefore = fileBytes(config.dbPath);
			const result = deleteSession(db, conversationId);
			const freed = usedBefore - usedBytes(db);
			process.stdout.write(`Deleted session ${conversationId} (${result.events} events), freed ${formatBytes(freed)}${shrinkDatabase(db, config.dbPath, fileBefore)}.\n`);
			return 0;
		} finally {
			db.close();
		}
	},
};
