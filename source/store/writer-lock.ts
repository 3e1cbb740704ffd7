import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {DatabaseError} from './database.js';

/** Who is writing a database: the receiver that holds its writer lock, as it describes itself in `<db>.lock`. */
export type WriterLock = {pid: number; host: string; port: number; startedAt: string};

/** Another process already writes the database. */
export class WriterLockError extends DatabaseError {
	override name = 'WriterLockError';
}

/** Held while a second writer starts, so two that start together do not both give up. */
const WAIT_MS = 1000;

/**
 * @NOTE Node has no flock, but SQLite locks its files with fcntl: an open EXCLUSIVE transaction on
 * `<db>.writer` is an OS-level lock that only one process holds and that the OS releases when it dies
 * (kill -9 included), so a lock can never be left behind. The file itself stays: deleting it while a
 * second writer waits on it would let a third lock a new file.
 */
function lockFile(dbPath: string): string {
	return `${dbPath}.writer`;
}

function infoFile(dbPath: string): string {
	return `${dbPath}.lock`;
}

/** Whether some process holds the database's writer lock (one that died does not). */
function isHeld(dbPath: string): boolean {
	if (!fs.existsSync(lockFile(dbPath))) {
		return false;
	}

	let probe: Database.Database | undefined;
	try {
		probe = new Database(lockFile(dbPath), {fileMustExist: true});
		probe.pragma('busy_timeout = 0');
		probe.exec('BEGIN IMMEDIATE');
		probe.exec('ROLLBACK');
		return false;
	} catch (error) {
		return (error as {code?: string}).code === 'SQLITE_BUSY';
	} finally {
		probe?.close();
	}
}

function readInfo(dbPath: string): WriterLock | undefined {
	try {
		return JSON.parse(fs.readFileSync(infoFile(dbPath), 'utf8')) as WriterLock;
	} catch {
		return undefined;
	}
}

/** The live writer of a database, if a codexmon receiver holds its lock (a lock left by a killed one does not count). */
export function readWriterLock(dbPath: string): WriterLock | undefined {
	if (!isHeld(dbPath)) {
		return undefined;
	}

	const info = readInfo(dbPath);
	return info?.pid === process.pid ? undefined : info ?? {pid: 0, host: 'another codexmon', port: 0, startedAt: ''};
}

export type HeldWriterLock = {
	/** Tells viewers where the writer listens (`<db>.lock`). */
	publish(address: Omit<WriterLock, 'pid' | 'startedAt'>): void;
	release(): void;
};

/**
 * Takes the database's writer lock before anything is written or bound: a second writer, or a directory
 * it cannot write, is refused with one line. Returns the held lock.
 */
export function acquireWriterLock(dbPath: string): HeldWriterLock {
	let lock: Database.Database;
	try {
		fs.mkdirSync(path.dirname(path.resolve(dbPath)), {recursive: true});
		lock = new Database(lockFile(dbPath));
	} catch (error) {
		throw new DatabaseError(`cannot write next to ${dbPath}: ${(error as Error).message} (is the directory read-only? choose another with --db)`, {cause: error});
	}

	try {
		lock.pragma(`busy_timeout = ${WAIT_MS}`);
		lock.pragma('journal_mode = MEMORY');
		lock.exec('BEGIN EXCLUSIVE');
	} catch (error) {
		lock.close();
		if ((error as {code?: string}).code === 'SQLITE_BUSY') {
			const holder = readInfo(dbPath);
			const who = holder ? `codexmon (pid ${holder.pid}, http://${holder.host}:${holder.port})` : 'codexmon';
			throw new WriterLockError(`another ${who} is already recording into ${dbPath}; stop it first, or choose another database with --db (\`codexmon\` alone opens a viewer of it)`, {cause: error});
		}

		throw new DatabaseError(`cannot lock ${lockFile(dbPath)}: ${(error as Error).message} (is the directory read-only? choose another with --db)`, {cause: error});
	}

	let released = false;
	return {
		publish(address) {
			try {
				fs.writeFileSync(infoFile(dbPath), JSON.stringify({pid: process.pid, startedAt: new Date().toISOString(), ...address}));
			} catch (error) {
				throw new DatabaseError(`cannot write ${infoFile(dbPath)}: ${(error as Error).message}`, {cause: error});
			}
		},
		release() {
			if (released) {
				return;
			}

			released = true;
			if (readInfo(dbPath)?.pid === process.pid) {
				fs.rmSync(infoFile(dbPath), {force: true});
			}

			try {
				lock.exec('ROLLBACK');
			} catch {}

			lock.close();
		},
	};
}
