import fs from 'node:fs';

/** Who is writing a database: the receiver that holds `<db>.lock`. */
export type WriterLock = {pid: number; host: string; port: number; startedAt: string};

/** The live writer of a database, if a codexmon receiver holds it (a lock left by a killed one does not count). */
export function readWriterLock(dbPath: string): WriterLock | undefined {
	let lock: WriterLock;
	try {
		lock = JSON.parse(fs.readFileSync(`${dbPath}.lock`, 'utf8')) as WriterLock;
	} catch {
		return undefined;
	}

	if (!Number.isInteger(lock.pid) || lock.pid === process.pid) {
		return undefined;
	}

	try {
		process.kill(lock.pid, 0);
		return lock;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM' ? lock : undefined;
	}
}

/** Marks this process as the database's writer; returns the release. */
export function holdWriterLock(dbPath: string, lock: Omit<WriterLock, 'pid' | 'startedAt'>): () => void {
	const file = `${dbPath}.lock`;
	fs.writeFileSync(file, JSON.stringify({pid: process.pid, startedAt: new Date().toISOString(), ...lock}));
	return () => {
		try {
			const current = JSON.parse(fs.readFileSync(file, 'utf8')) as WriterLock;
			if (current.pid === process.pid) {
				fs.rmSync(file, {force: true});
			}
		} catch {}
	};
}
