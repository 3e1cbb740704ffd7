import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {MIGRATIONS} from './migrations/index.js';

export type Db = Database.Database;

export class DatabaseError extends Error {
	override name = 'DatabaseError';
}

/** How long a reader or a second writer waits on a lock before giving up. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (and migrates) the store. WAL lets other processes read while `serve` writes;
 * `synchronous = NORMAL` keeps every committed transaction across a process crash (kill -9),
 * only a power loss can take the last ones.
 */
export function openDatabase(file: string, options: {readonly?: boolean} = {}): Db {
	const readonly = options.readonly ?? false;
	if (file !== ':memory:') {
		if (readonly && !fs.existsSync(file)) {
			throw new DatabaseError(`no codexmon database at ${file} (nothing recorded yet? start \`codexmon serve\` or pass --db)`);
		}

		fs.mkdirSync(path.dirname(path.resolve(file)), {recursive: true});
	}

	let db: Db;
	try {
		db = new Database(file, {readonly, fileMustExist: readonly});
	} catch (error) {
		throw new DatabaseError(explainSqliteError(error, file), {cause: error});
	}

	try {
		db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
		if (readonly) {
			checkVersion(db, file);
			return db;
		}

		if (db.readonly) {
			throw new DatabaseError(`cannot open ${file} for writing (the file is read-only); fix the permissions of the file and its directory, or pass another --db`);
		}

		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
		migrate(db, file);
		// A writer must find out now, not at its first commit, that it cannot write here (a read-only
		// directory lets SQLite open the file but not create its -wal): taking the write lock needs both.
		db.exec('BEGIN IMMEDIATE');
		db.exec('ROLLBACK');
		return db;
	} catch (error) {
		db.close();
		throw error instanceof DatabaseError ? error : new DatabaseError(explainSqliteError(error, file), {cause: error});
	}
}

/** A SQLite failure on opening, as one line naming the file and the fix. */
function explainSqliteError(error: unknown, file: string): string {
	const code = (error as {code?: string}).code ?? '';
	if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
		return `${file} is not a codexmon database or is damaged (${(error as Error).message}); move it aside (codexmon starts a new one) or pass another --db`;
	}

	if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
		return `cannot open ${file} for writing (${(error as Error).message}); fix the permissions of the file and its directory, or pass another --db`;
	}

	return `cannot use database ${file}: ${(error as Error).message}`;
}

function migrate(db: Db, file: string): void {
	const version = Number(db.pragma('user_version', {simple: true}));
	if (version > MIGRATIONS.length) {
		throw new DatabaseError(`${file} was written by a newer codexmon (schema ${version}, this one knows ${MIGRATIONS.length})`);
	}

	for (let index = version; index < MIGRATIONS.length; index++) {
		db.transaction(() => {
			db.exec(MIGRATIONS[index]!);
			db.pragma(`user_version = ${index + 1}`);
		})();
	}
}

function checkVersion(db: Db, file: string): void {
	const version = Number(db.pragma('user_version', {simple: true}));
	if (version === 0) {
		throw new DatabaseError(`${file} is not a codexmon database yet (nothing recorded)`);
	}

	if (version > MIGRATIONS.length) {
		throw new DatabaseError(`${file} was written by a newer codexmon (schema ${version}, this one knows ${MIGRATIONS.length})`);
	}
}
