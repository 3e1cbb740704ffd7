import fs from 'node:fs';

/**
 * Whether the file at a database's path is still the one that was opened. Deleting the database (how a user
 * forgets everything) leaves an open SQLite connection writing into the unlinked file, and everything
 * written then is lost at exit; a path that now names another file (or none) must be noticed.
 */
export function watchDatabaseFile(file: string): () => boolean {
	const opened = identity(file);
	return () => {
		if (opened === undefined) {
			return true;
		}

		const now = identity(file);
		return now !== undefined && now.dev === opened.dev && now.ino === opened.ino;
	};
}

/**
 * Whether `candidate` is the database or one of its companion files (-wal, -shm, the writer lock), by device
 * and inode, so no spelling of the path (a symlink, `./`, a hard link) can make a command overwrite it.
 */
export function isDatabaseFile(candidate: string, dbPath: string): boolean {
	const target = identity(candidate);
	if (!target) {
		return false;
	}

	return [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}-journal`, `${dbPath}.writer`, `${dbPath}.lock`].some(file => {
		const other = identity(file);
		return other !== undefined && other.dev === target.dev && other.ino === target.ino;
	});
}

function identity(file: string): {dev: number; ino: number} | undefined {
	try {
		const stat = fs.statSync(file);
		return {dev: stat.dev, ino: stat.ino};
	} catch {
		return undefined;
	}
}
