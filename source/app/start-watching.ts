import type {Config} from '../config.js';
import {readWriterLock, WriterLockError} from '../store/writer-lock.js';
import {receivingSource} from './receiving-source.js';
import {startReceivingWhenFree} from './start-receiving-when-free.js';
import {viewUntilWriterQuits, type Watching} from './viewer-takeover.js';

/** How long a new live screen waits for a port the codexmon it replaces is still letting go of. */
const PORT_FREE_BOUND_MS = 3000;

/**
 * The live screen's data: its own receiver, or, while another codexmon writes the database, a viewer of
 * it that takes over once that one goes.
 */
export async function startWatching(config: Config): Promise<Watching> {
	const writer = readWriterLock(config.dbPath);
	if (!writer) {
		try {
			const receiving = await startReceivingWhenFree(config, PORT_FREE_BOUND_MS);
			return {source: receivingSource(config, receiving), currentDb: () => receiving.db, close: async () => receiving.close()};
		} catch (error) {
			// Another codexmon took the lock between the look and the start: view it instead.
			if (!(error instanceof WriterLockError)) {
				throw error;
			}
		}
	}

	return viewUntilWriterQuits(config, writer ?? readWriterLock(config.dbPath) ?? {pid: 0, host: 'another codexmon', port: 0, startedAt: ''});
}
