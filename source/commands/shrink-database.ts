import fs from 'node:fs';
import {formatBytes} from '../format/format-number.js';
import type {Db} from '../store/database.js';
import {usedBytes} from '../store/retention.js';

/** The database with its write-ahead log: what it takes on disk. */
export function fileBytes(dbPath: string): number {
	const size = (file: string) => fs.existsSync(file) ? fs.statSync(file).size : 0;
	return size(dbPath) + size(`${dbPath}-wal`);
}

/**
 * Gives the pages freed by a delete back to the file system and says what the file became (`; file 140 KiB
 * → 52 KiB`): freed pages alone stay in the file, so the disk would not get the space a delete reports.
 */
export function shrinkDatabase(db: Db, dbPath: string, fileBefore: number): string {
	try {
		db.exec('VACUUM');
		// In WAL mode the file only shrinks once the log is written back.
		db.pragma('wal_checkpoint(TRUNCATE)');
		return `; file ${formatBytes(fileBefore)} → ${formatBytes(fileBytes(dbPath))}`;
	} catch {
		return `; the file keeps its size while another codexmon holds it (${formatBytes(usedBytes(db))} in use)`;
	}
}
