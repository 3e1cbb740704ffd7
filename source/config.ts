import os from 'node:os';
import path from 'node:path';
import {createPriceBook, type PriceBook} from './model/price-book.js';
import {readPricesFile} from './prices-file.js';

export type Config = Readonly<{
	host: string;
	port: number;
	dbPath: string;
	maxBodyBytes: number;
	maxDecompressedBytes: number;
	/** The built-in price table, with the user's overrides applied. */
	prices: PriceBook;
}>;

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** OTLP/HTTP's registered port. */
export const DEFAULT_PORT = 4318;
/** Loopback only: a user's prompts and commands must not be reachable from the network by default. */
export const DEFAULT_HOST = '127.0.0.1';
/** The OpenTelemetry Collector's default request limit. */
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** A gzip bomb stops here. */
const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export type ConfigFlags = {host?: string; port?: number; db?: string; prices?: string};

/** Applies defaults, environment fallbacks and validation once; flags carry no defaults of their own. */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
	const port = flags.port ?? (env.CODEXMON_PORT ? Number(env.CODEXMON_PORT) : DEFAULT_PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new ConfigError(`--port must be a whole number from 0 to 65535, got ${String(flags.port ?? env.CODEXMON_PORT)}`);
	}

	const host = flags.host ?? env.CODEXMON_HOST ?? DEFAULT_HOST;
	if (host.trim() === '') {
		throw new ConfigError('--host must not be empty');
	}

	const pricesFile = flags.prices ?? env.CODEXMON_PRICES;
	return Object.freeze({
		host,
		port,
		dbPath: path.resolve(flags.db ?? env.CODEXMON_DB ?? defaultDbPath(env)),
		maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
		maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
		prices: createPriceBook(pricesFile ? readPricesFile(pricesFile) : {}),
	});
}

/** `$XDG_DATA_HOME/codexmon/codexmon.db`, else `~/.local/share/codexmon/codexmon.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(env.HOME ?? os.homedir(), '.local', 'share');
	return path.join(dataHome, 'codexmon', 'codexmon.db');
}
