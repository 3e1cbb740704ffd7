import type {AddressInfo} from 'node:net';
import type {Config} from '../config.js';
import {createForwarding, type Forwarding} from '../forward/forwarding.js';
import {createSessionHub, type SessionHub} from '../hub/session-hub.js';
import type {GrpcReceiver} from '../receiver/grpc-server.js';
import type {Consume} from '../receiver/handle-export.js';
import {createReceiver, PortInUseError} from '../receiver/server.js';
import {watchSessions} from './watch-sessions.js';
import {createSessionIndex} from '../store/session-index.js';
import {openDatabase, type Db} from '../store/database.js';
import {pruneSessions} from '../store/retention.js';
import {watchDatabaseFile} from '../store/database-file.js';
import {acquireWriterLock} from '../store/writer-lock.js';
import {createAlertCommand, type AlertCommandStats} from './alert-command.js';
import {createEngine} from './create-engine.js';
import {createGroupCommit} from './group-commit.js';
import {createIngest, INGEST_DECODE, type PreparedBatch} from './ingest.js';
import {createReceiverOverview} from './receiver-overview.js';
import type {ReceiverStatus} from '../status/receiver-status.js';

/** How long a stopping receiver keeps sending queued requests to reachable upstreams. */
const FORWARD_DRAIN_MS = 3000;

/** How often a running receiver applies --retain and --max-db-size. */
const RETENTION_INTERVAL_MS = 60 * 60_000;

function startRetention(currentDb: () => Db, hub: SessionHub, config: Config): NodeJS.Timeout {
	const run = () => {
		try {
			const db = currentDb();
			const live = new Set([...hub.sessions()].filter(session => Date.now() - session.lastSeenAtMs < RETENTION_INTERVAL_MS).map(session => session.conversationId));
			pruneSessions(db, {olderThanMs: config.retainMs, maxBytes: config.maxDbBytes, nowMs: Date.now(), keep: live});
		} catch (error) {
			hub.count(stats => {
				stats.lastError = `retention: ${(error as Error).message}`;
			});
		}
	};

	run();
	const timer = setInterval(run, RETENTION_INTERVAL_MS);
	timer.unref();
	return timer;
}

export type Receiving = {
	/** The database being written (a fresh one once the file was deleted underneath). */
	readonly db: Db;
	hub: SessionHub;
	address: AddressInfo;
	/** The bound OTLP/gRPC port, unless --no-grpc or the port was taken. */
	grpcPort: number | undefined;
	/** Why gRPC is not listening although it was asked for (its port was taken): the receiver runs HTTP-only. */
	grpcWarning: string | undefined;
	forwarding: Forwarding | undefined;
	alertCommand: AlertCommandStats;
	close(): Promise<void>;
};

/** A request that arrived after the database file was deleted or replaced: a fresh one is open now. */
export class DatabaseReplacedError extends Error {
	override name = 'DatabaseReplacedError';
}

/**
 * Opens the store, the hub and the receiver as `serve` and the live screen both need them. The writer
 * lock is taken and the database opened before any port is bound: a second writer, or a directory it
 * cannot write, fails with one line and leaves nothing listening.
 */
export async function startReceiving(config: Config): Promise<Receiving> {
	let lock = acquireWriterLock(config.dbPath);
	let db: Db;
	try {
		db = openDatabase(config.dbPath);
	} catch (error) {
		lock.release();
		throw error;
	}

	const retired: Db[] = [];
	let fileIsOurs = watchDatabaseFile(config.dbPath);
	const alertCommand: AlertCommandStats = {started: 0, failed: 0, lastError: null};
	// Daily budgets start from what the stored sessions already spent today, not from zero at each restart.
	const storedSpend = () => createSessionIndex(db).list({includeTitles: false}).filter(summary => Date.parse(summary.lastSeenAt) >= Date.now() - (2 * 86_400_000));
	const onAlert = config.onAlert ? createAlertCommand(config.onAlert, alertCommand) : undefined;
	const hub = createSessionHub({createEngine: () => createEngine(config, {onAlert, storedSpend}), prices: config.prices});
	let ingest = createIngest(db, hub, {prices: config.prices, mask: config.mask});
	const forwarding = config.forward.urls.length > 0
		? createForwarding(config.forward, () => {
			hub.count(stats => {
				stats.forward = forwarding!.totals();
			});
		})
		: undefined;
	if (forwarding) {
		hub.count(stats => {
			stats.forward = forwarding.totals();
		});
	}

	let watcher: {stop(): void} | undefined;
	// The user deleted the database (the way to forget everything) or put another file in its place: what
	// is in memory goes too, and a fresh database is opened for the request that noticed (codex 0.169.0
	// never retries, so a 503 would lose it); only when none can be opened is it answered 503.
	let address: AddressInfo | undefined;
	const reopen = () => {
		// The lock file may have gone with the directory: locked again, so no second writer can start on the new file.
		lock.release();
		lock = acquireWriterLock(config.dbPath);
		if (address) {
			lock.publish({host: address.address, port: address.port});
		}

		retired.push(db);
		db = openDatabase(config.dbPath);
		fileIsOurs = watchDatabaseFile(config.dbPath);
		ingest = createIngest(db, hub, {prices: config.prices, mask: config.mask});
		hub.reset();
		if (watcher) {
			watcher.stop();
			watcher = watchSessions(db, hub, ingest, config);
		}
	};

	const commit = (batches: PreparedBatch[]) => {
		if (!fileIsOurs()) {
			try {
				reopen();
			} catch (error) {
				throw new DatabaseReplacedError(`the database file was deleted or replaced, and a new one cannot be opened: ${(error as Error).message}`);
			}
		}

		return ingest.storeMany(batches);
	};

	// Forwarded only once committed: a request the store refused is retried by the client, and forwarded then.
	const storeSoon = createGroupCommit(commit);
	const consume: Consume = async (exported, body, receivedMs, encoding) => {
		hub.count(stats => {
			stats.requests++;
		});
		// Converted before waiting for the group: the decoded request dies young instead of surviving a
		// garbage collection or two (which made V8 grow its heap and promote it).
		const {signal} = exported;
		try {
			await storeSoon(ingest.prepare({exported, body, receivedMs}));
		} catch (error) {
			hub.count(stats => {
				stats.storeErrors++;
				stats.lastError = (error as Error).message;
			});
			throw error;
		}

		forwarding?.enqueue(signal, encoding, body);
	};

	const onRejected = (status: number, message: string) => {
		hub.count(stats => {
			stats.rejectedRequests++;
			if (status === 400) {
				stats.decodeErrors++;
			}

			stats.lastError = `${status} ${message}`;
		});
	};

	let grpcPort: number | undefined;
	const overview = createReceiverOverview(db, hub);
	const receiver = createReceiver({
		host: config.host,
		port: config.port,
		maxBodyBytes: config.maxBodyBytes,
		maxDecompressedBytes: config.maxDecompressedBytes,
		access: {token: config.token},
		consume,
		decode: INGEST_DECODE,
		onRejected,
		status: (): ReceiverStatus => ({pid: process.pid, grpcPort: grpcPort ?? null, stats: hub.stats, forward: forwarding?.stats() ?? [], overview: overview()}),
	});
	// gRPC is loaded only when it listens (not for --no-grpc, nor for the commands that never receive).
	const grpcReceiver: GrpcReceiver | undefined = config.grpcPort === undefined
		? undefined
		: (await import('../receiver/grpc-server.js')).createGrpcReceiver({host: config.host, port: config.grpcPort, maxMessageBytes: config.maxDecompressedBytes, access: {token: config.token}, consume, decode: INGEST_DECODE, onRejected});

	let grpcWarning: string | undefined;
	try {
		address = await receiver.start();
		try {
			grpcPort = await grpcReceiver?.start();
		} catch (error) {
			// otel-tui and Collectors listen on 4317 too, and `codexmon setup` configures Codex for HTTP only:
			// a taken gRPC port costs gRPC, not the whole receiver.
			if (!(error instanceof PortInUseError)) {
				await receiver.close();
				throw error;
			}

			const why = (error as Error).message.includes('already in use') ? 'is taken' : 'cannot be used';
			grpcWarning = `gRPC port ${config.grpcPort} ${why}: receiving OTLP/HTTP only (--grpc-port N, or --no-grpc)`;
			await grpcReceiver?.close();
		}

		lock.publish({host: address.address, port: address.port});
	} catch (error) {
		address = undefined;
		await Promise.all([receiver.close(), grpcReceiver?.close()]);
		await forwarding?.close(0);
		db.close();
		lock.release();
		throw error;
	}

	const retention = config.retainMs === undefined && config.maxDbBytes === undefined ? undefined : startRetention(() => db, hub, config);
	watcher = config.watchSessions ? watchSessions(db, hub, ingest, config) : undefined;
	return {
		get db() {
			return db;
		},
		hub,
		address: address!,
		grpcPort,
		grpcWarning,
		forwarding,
		alertCommand,
		async close() {
			if (retention) {
				clearInterval(retention);
			}

			watcher?.stop();

			await Promise.all([receiver.close(), grpcReceiver?.close()]);
			await forwarding?.close(FORWARD_DRAIN_MS);
			hub.count(stats => {
				stats.forward = forwarding?.totals();
			});
			hub.close();
			db.close();
			for (const old of retired) {
				old.close();
			}

			lock.release();
		},
	};
}
