import type {Config} from '../config.js';
import type {SessionHub} from '../hub/session-hub.js';
import {watchRollouts} from '../importer/watch-rollouts.js';
import type {Db} from '../store/database.js';
import {createRolloutStore} from '../store/rollout-store.js';
import {createEngine} from './create-engine.js';
import {createRolloutStoreConsumer} from './import-rollouts.js';
import type {Ingest} from './ingest.js';

/**
 * `--watch-sessions`: Codex's session files of today and yesterday, tailed into the store while codexmon
 * runs, and their sessions rebuilt in memory, so sessions started without `[otel]` show up too.
 */
export function watchSessions(db: Db, hub: SessionHub, ingest: Ingest, config: Config): {stop(): void} {
	const store = createRolloutStore(db);
	return watchRollouts({
		codexHomes: config.codexHomes,
		mask: config.mask,
		consumer: createRolloutStoreConsumer(db, store, {createEngine: () => createEngine(config), prices: config.prices}),
		fileState: path => store.fileState(path),
		onChanged(conversationIds) {
			ingest.refresh(conversationIds);
		},
		onError(error) {
			hub.count(stats => {
				stats.lastError = `watch-sessions: ${error.message}`;
			});
		},
	});
}
