import type {AddressInfo} from 'node:net';
import type {Config} from '../config.js';
import {createForwarding, type Forwarding} from '../forward/forwarding.js';
import {createSessionHub, type SessionHub} from '../hub/session-hub.js';
import type {GrpcReceiver} from '../receiver/grpc-server.js';
import type {Consume} from '../receiver/handle-export.js';
import {createReceiver} from '../receiver/server.js';
import {watchSessions} from '../rollout/watch-sessions.js';
import {createSessionIndex} from '../store/session-index.js';
import {openDatabase, type Db} from '../store/database.js';
import {pruneSessions} from '../store/retention.js';
import {holdWriterLock} from '../store/writer-lock.js';
import {createAlertCommand, type AlertCommandStats} from './alert-command.js';
import {createEngine} from './create-engine.js';
import {createGroupCommit} from './group-commit.js';
import {createIngest, INGEST_DECODE} from './ingest.js';
import {createReceiverOverview} from './receiver-overview.js';
import type {ReceiverStatus} from './receiver-status.js';

/** How long a stopping receiver keeps sending queued requests to reachable upstreams. */
const FORWARD_DRAIN_MS = 3000;

/** How often a running receiver applies --retain and --max-db-size. */
const RETENTION_INTERVAL_MS = 60 * 60_000;

function startRetention(db: Db, hub: SessionHub, config: Config): NodeJS.Timeout {
	const run = () => {
		try {
			const live = new Set([...hub.getSnapshot().model.sessions.values()].filter(session => Date.now() - session.lastSeenAtMs < RETENTION_INTERVAL_MS).map(session => session.conversationId));
			const result = pruneSessions(db, {olderThanMs: config.retainMs, maxBytes: config.maxDbBytes, nowMs: Date.now(), keep: live});
			if (result.sessions > 0) {
				hub.notify();
			}
		} catch (error) {
			hub.stats.lastError = `retention: ${(error as Error).message}`;
		}
	};

	run();
	const timer = setInterval(run, RETENTION_INTERVAL_MS);
	timer.unref();
	return timer;
}

export type Receiving = {
	db: Db;
	hub: SessionHub;
	address: AddressInfo;
	/** The bound OTLP/gRPC port, unless --no-grpc. */
	grpcPort: number | undefined;
	forwarding: Forwarding | undefined;
	alertCommand: AlertCommandStats;
	close(): Promise<void>;
};

/** Opens the store, the hub and the receiver as `serve` and the live screen both need them. */
export async function startReceiving(config: Config): Promise<Receiving> {
	const db = openDatabase(config.dbPath);
	const alertCommand: AlertCommandStats = {started: 0, failed: 0, lastError: null};
	// Daily budgets start from what the stored sessions already spent today, not from zero at each restart.
	const storedSpend = () => createSessionIndex(db).list({includeTitles: false}).filter(summary => Date.parse(summary.lastSeenAt) >= Date.now() - (2 * 86_400_000));
	const hub = createSessionHub({engine: createEngine(config, {onAlert: config.onAlert ? createAlertCommand(config.onAlert, alertCommand) : undefined, storedSpend})});
	const ingest = createIngest(db, hub, {prices: config.prices, mask: config.mask});
	const forwarding = config.forward.urls.length > 0
		? createForwarding(config.forward, () => {
			hub.stats.forward = forwarding!.totals();
			hub.notify();
		})
		: undefined;
	if (forwarding) {
		hub.stats.forward = forwarding.totals();
	}

	// Forwarded only once committed: a request the store refused is retried by the client, and forwarded then.
	const storeSoon = createGroupCommit(ingest.storeMany);
	const consume: Consume = async (exported, body, receivedMs, encoding) => {
		hub.stats.requests++;
		// Converted before waiting for the group: the decoded request dies young instead of surviving a
		// garbage collection or two (which made V8 grow its heap and promote it).
		const {signal} = exported;
		try {
			await storeSoon(ingest.prepare({exported, body, receivedMs}));
		} catch (error) {
			hub.stats.storeErrors++;
			hub.stats.lastError = (error as Error).message;
			hub.notify();
			throw error;
		}

		forwarding?.enqueue(signal, encoding, body);
	};

	const onRejected = (status: number, message: string) => {
		hub.stats.rejectedRequests++;
		if (status === 400) {
			hub.stats.decodeErrors++;
		}

		hub.stats.lastError = `${status} ${message}`;
		hub.notify();
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

	let address: AddressInfo;
	try {
		address = await receiver.start();
		try {
			grpcPort = await grpcReceiver?.start();
		} catch (error) {
			await receiver.close();
			throw error;
		}
	} catch (error) {
		await forwarding?.close(0);
		db.close();
		throw error;
	}

	const releaseLock = holdWriterLock(config.dbPath, {host: address.address, port: address.port});
	const retention = config.retainMs === undefined && config.maxDbBytes === undefined ? undefined : startRetention(db, hub, config);
	const watcher = config.watchSessions ? watchSessions(db, hub, ingest, config) : undefined;
	return {
		db,
		hub,
		address,
		grpcPort,
		forwarding,
		alertCommand,
		async close() {
			if (retention) {
				clearInterval(retention);
			}

			watcher?.stop();

			releaseLock();
			await Promise.all([receiver.close(), grpcReceiver?.close()]);
			await forwarding?.close(FORWARD_DRAIN_MS);
			hub.stats.forward = forwarding?.totals();
			hub.close();
			db.close();
		},
	};
}
