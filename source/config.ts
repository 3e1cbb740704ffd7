import path from 'node:path';
import {loadConfigFile} from './config-file.js';
import {parseDuration, parseSize} from './format/parse-size.js';
import {resolveThresholds} from './detect/resolve-thresholds.js';
import type {Thresholds} from './detect/thresholds.js';
import {createPriceBook, type FetchedPrices, type PriceBook, type PriceOverrides} from './model/price-book.js';
import {priceListPath, readPriceList} from './price-list-file.js';
import {parsePriceOverrides, readPricesFile} from './prices-file.js';
import {ForwardTargetError, parseForwardTarget, targetsReceiver} from './forward/forward-target.js';
import {resolveForward, type ForwardConfig} from './forward/resolve-forward.js';
import {codexHome} from './setup/codex-home.js';
import {defaultDbPath} from './config-paths.js';

export {defaultDbPath} from './config-paths.js';

export type Config = Readonly<{
	host: string;
	port: number;
	/** The OTLP/gRPC port, or undefined with --no-grpc. */
	grpcPort: number | undefined;
	/** Upstream collectors every received request is passed on to (none by default). */
	forward: ForwardConfig;
	dbPath: string;
	maxBodyBytes: number;
	maxDecompressedBytes: number;
	/** The built-in price table, with the user's overrides applied. */
	prices: PriceBook;
	/** When loop and runaway alerts fire. */
	thresholds: Thresholds;
	/** Ring the terminal bell on a new critical alert. */
	bell: boolean;
	/** A shell command run with each new or escalated alert as JSON on stdin. */
	onAlert: string | undefined;
	/** The config file that was read, if any. */
	configFile: string | undefined;
	/** When set, the receiver requires `Authorization: Bearer <token>`. */
	token: string | undefined;
	/** Store prompts, tool arguments and output only as lengths and hashes. */
	mask: boolean;
	/** Sessions last seen longer ago than this are deleted by the running receiver. */
	retainMs: number | undefined;
	/** The running receiver deletes the oldest sessions to keep the data under this. */
	maxDbBytes: number | undefined;
	/** Also import Codex's rollout files as they are written. */
	watchSessions: boolean;
	/** Codex's home, where its rollout files are (the first of `codexHomes`). */
	codexHome: string;
	/** Every Codex home to read (`--codex-home a,b`). */
	codexHomes: string[];
}>;

export class ConfigError extends Error {
	override name = 'ConfigError';
}

/** OTLP/HTTP's registered port. */
export const DEFAULT_PORT = 4318;
/** OTLP/gRPC's registered port. */
export const DEFAULT_GRPC_PORT = 4317;
/** Loopback only: a user's prompts and commands must not be reachable from the network by default. */
export const DEFAULT_HOST = '127.0.0.1';
/** The OpenTelemetry Collector's default request limit. */
const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** A gzip bomb stops here. */
const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

export type ConfigFlags = {
	host?: string;
	port?: number;
	grpcPort?: number;
	grpc?: boolean;
	forward?: string[];
	forwardHeader?: string[];
	forwardQueue?: string;
	db?: string;
	prices?: string;
	config?: string;
	loopThreshold?: number;
	budgetTokens?: number;
	budgetUsd?: number;
	bell?: boolean;
	onAlert?: string;
	token?: string;
	mask?: boolean;
	retain?: string;
	maxDbSize?: string;
	watchSessions?: boolean;
	codexHome?: string;
};

/** `--codex-home a,b` (or a TOML list): several Codex homes, as from several machines. */
function codexHomesOf(value: unknown, env: NodeJS.ProcessEnv): string[] {
	const given = Array.isArray(value) ? value.filter((home): home is string => typeof home === 'string') : (typeof value === 'string' ? value.split(',') : []);
	const homes = given.map(home => home.trim()).filter(home => home !== '');
	return homes.length > 0 ? [...new Set(homes)] : [codexHome(env)];
}

/**
 * Applies defaults, the config file, environment fallbacks and flags once (flags win), and validates;
 * flags carry no defaults of their own.
 */
/** The price list `codexmon prices update` cached, if any (read, never fetched, at start). */
function fetchedPrices(env: NodeJS.ProcessEnv): FetchedPrices | undefined {
	const list = readPriceList(priceListPath(env));
	return list ? {prices: list.prices, fetchedOn: list.fetchedAt.slice(0, 10)} : undefined;
}

export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
	const file = loadConfigFile(flags.config, env);
	const homes = codexHomesOf(flags.codexHome ?? file.sections.import?.codex_home, env);
	const receiver = file.sections.receiver ?? {};
	const alerts = file.sections.alerts ?? {};
	const port = flags.port ?? (env.CODEXMON_PORT ? Number(env.CODEXMON_PORT) : (receiver.port as number | undefined) ?? DEFAULT_PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new ConfigError(`--port must be a whole number from 0 to 65535, got ${String(flags.port ?? env.CODEXMON_PORT ?? receiver.port)}`);
	}

	const host = flags.host ?? env.CODEXMON_HOST ?? (receiver.host as string | undefined) ?? DEFAULT_HOST;
	if (host.trim() === '') {
		throw new ConfigError('--host must not be empty');
	}

	const grpcPort = resolveGrpcPort(flags, env, receiver, port);
	let forward: ForwardConfig;
	try {
		forward = resolveForward(flags, env, file.sections.forward ?? {});
	} catch (error) {
		throw error instanceof ForwardTargetError ? new ConfigError(error.message, {cause: error}) : error;
	}

	const toItself = forward.urls.find(url => targetsReceiver(parseForwardTarget(url), {host, port, grpcPort}));
	if (toItself) {
		throw new ConfigError(`--forward ${toItself} points at this codexmon itself, which would send every request around in a loop`);
	}

	for (const [name, value] of [['--loop-threshold', flags.loopThreshold], ['--budget-tokens', flags.budgetTokens], ['--budget-usd', flags.budgetUsd]] as const) {
		if (value !== undefined && (!Number.isFinite(value) || value <= 0 || (name === '--loop-threshold' && (!Number.isInteger(value) || value < 2)))) {
			throw new ConfigError(`${name} must be a positive number${name === '--loop-threshold' ? ' of 2 or more' : ''}, got ${value}`);
		}
	}

	const pricesFile = flags.prices ?? env.CODEXMON_PRICES;
	const fromConfig: PriceOverrides = file.sections.prices ? parsePriceOverrides(file.sections.prices, `${file.path}: [prices]`) : {};
	const fromFile: PriceOverrides = pricesFile ? readPricesFile(pricesFile) : {};
	return Object.freeze({
		host,
		port,
		grpcPort,
		forward,
		dbPath: path.resolve(flags.db ?? env.CODEXMON_DB ?? (file.sections.store?.db as string | undefined) ?? defaultDbPath(env)),
		maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
		maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
		prices: createPriceBook({prices: {...fromConfig.prices, ...fromFile.prices}, aliases: {...fromConfig.aliases, ...fromFile.aliases}}, fetchedPrices(env)),
		thresholds: resolveThresholds({detect: file.sections.detect, budget: file.sections.budget, flags: {loopThreshold: flags.loopThreshold, budgetTokens: flags.budgetTokens, budgetUsd: flags.budgetUsd}}),
		bell: flags.bell ?? (alerts.bell as boolean | undefined) ?? true,
		onAlert: flags.onAlert ?? (alerts.on_alert as string | undefined),
		configFile: file.path,
		token: flags.token ?? env.CODEXMON_TOKEN ?? (receiver.token as string | undefined),
		mask: flags.mask ?? (file.sections.privacy?.mask as boolean | undefined) ?? false,
		retainMs: parseOption('--retain', flags.retain ?? (file.sections.store?.retain as string | undefined), parseDuration, '30d, 12h or 2w'),
		maxDbBytes: parseOption('--max-db-size', flags.maxDbSize ?? (file.sections.store?.max_size as string | undefined), parseSize, '500MB or 2GiB'),
		watchSessions: flags.watchSessions ?? (file.sections.import?.watch_sessions as boolean | undefined) ?? true,
		codexHome: homes[0]!,
		codexHomes: homes,
	});
}

/**
 * 4317 unless set. With another HTTP port and no gRPC port, gRPC goes one below it (as 4317 is to 4318), so
 * `--port 14318` does not collide with a codexmon on the defaults; with `--port 0` (any free port) gRPC takes
 * any free port too, so two such receivers can run side by side.
 */
function resolveGrpcPort(flags: ConfigFlags, env: NodeJS.ProcessEnv, receiver: Record<string, unknown>, httpPort: number): number | undefined {
	if ((flags.grpc ?? (receiver.grpc as boolean | undefined)) === false) {
		return undefined;
	}

	const given = flags.grpcPort ?? (env.CODEXMON_GRPC_PORT ? Number(env.CODEXMON_GRPC_PORT) : receiver.grpc_port as number | undefined);
	const grpcPort = given ?? (httpPort === DEFAULT_PORT ? DEFAULT_GRPC_PORT : Math.max(0, httpPort - 1));
	if (!Number.isInteger(grpcPort) || grpcPort < 0 || grpcPort > 65_535) {
		throw new ConfigError(`--grpc-port must be a whole number from 0 to 65535, got ${String(flags.grpcPort ?? env.CODEXMON_GRPC_PORT ?? receiver.grpc_port)}`);
	}

	if (grpcPort !== 0 && grpcPort === httpPort) {
		throw new ConfigError(`--grpc-port ${grpcPort} is the same as --port; OTLP/HTTP and OTLP/gRPC need a port each (or use --no-grpc)`);
	}

	return grpcPort;
}

function parseOption(name: string, text: string | undefined, parse: (text: string) => number | undefined, example: string): number | undefined {
	if (text === undefined) {
		return undefined;
	}

	const value = parse(text);
	if (value === undefined || value <= 0) {
		throw new ConfigError(`${name} must be like ${example}, got "${text}"`);
	}

	return value;
}
