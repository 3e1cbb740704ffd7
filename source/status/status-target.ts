import fs from 'node:fs';
import path from 'node:path';
import {defaultConfigPath, defaultDbPath} from '../config-paths.js';
import {readWriterLock} from '../store/writer-lock.js';
import type {StatusOptions} from './status-options.js';

/** Where to look: the receivers that may be running, and the database to read when none answers. */
export type StatusTarget = {receivers: Array<{host: string; port: number}>; token: string | undefined; dbPath: string};

const DEFAULT_HOST = '127.0.0.1';

/**
 * The same precedence as the receiver's own configuration (flags, environment, config file, defaults). The
 * receiver writing the database is found by its lock file, as the live screen's viewer mode finds it;
 * `--port` asks that port alone. The TOML parser is loaded only when a config file exists.
 */
export async function resolveStatusTarget(options: StatusOptions, env: NodeJS.ProcessEnv): Promise<StatusTarget> {
	const file = options.config ?? env.CODEXMON_CONFIG ?? defaultConfigPath(env);
	const sections = fs.existsSync(file) || options.config !== undefined ? (await import('../config-file.js')).loadConfigFile(file, env).sections : {};
	const receiver = sections.receiver ?? {};
	const dbPath = path.resolve(options.db ?? env.CODEXMON_DB ?? (sections.store?.db as string | undefined) ?? defaultDbPath(env));
	const host = options.host ?? env.CODEXMON_HOST ?? (receiver.host as string | undefined) ?? DEFAULT_HOST;
	const token = options.token ?? env.CODEXMON_TOKEN ?? (receiver.token as string | undefined);
	if (options.port !== undefined) {
		return {receivers: [{host: reachable(host), port: options.port}], token, dbPath};
	}

	const receivers: StatusTarget['receivers'] = [];
	const lock = readWriterLock(dbPath);
	if (lock) {
		receivers.push({host: reachable(lock.host), port: lock.port});
	}

	// A port set in the environment or the config file is asked too; the default one only through a lock, so
	// that "not running" needs no connection (nor a word with another OTLP receiver on 4318).
	const port = env.CODEXMON_PORT ? Number(env.CODEXMON_PORT) : receiver.port as number | undefined;
	if (port !== undefined && Number.isInteger(port) && !receivers.some(known => known.port === port)) {
		receivers.push({host: reachable(host), port});
	}

	return {receivers, token, dbPath};
}

/** A receiver bound to every interface is reached on loopback. */
function reachable(host: string): string {
	if (host === '0.0.0.0' || host === '') {
		return '127.0.0.1';
	}

	return host === '::' ? '::1' : host;
}
