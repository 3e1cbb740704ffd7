import type {AddressInfo} from 'node:net';
import type {Config} from '../config.js';
import {createSessionHub, type SessionHub} from '../hub/session-hub.js';
import {createReceiver} from '../receiver/server.js';
import {openDatabase, type Db} from '../store/database.js';
import {pruneSessions} from '../store/retention.js';
import {holdWriterLock} from '../store/writer-lock.js';
import {createAlertCommand, type AlertCommandStats} from './alert-command.js';
import {createEngine} from './create-engine.js';
import {createGroupCommit} from './group-commit.js';
import {createIngest} from './ingest.js';

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
	alertCommand: AlertCommandStats;
	close(): Promise<void>;
};

/** Opens the store, the hub and the receiver as `serve` and the live screen both need them. */
export async function startReceiving(config: Config): Promise<Receiving> {
	const db = openDatabase(config.dbPath);
	const alertCommand: AlertCommandStats = {started: 0, failed: 0, lastError: null};
	const hub = createSessionHub({engine: createEngine(config, {onAlert: config.onAlert ? createAlertCommand(config.onAlert, alertCommand) : undefined})});
	const ingest = createIngest(db, hub, {prices: config.prices, mask: config.mask});
	const ingestSoon = createGroupCommit(ingest.ingestMany);
	const receiver = createReceiver({
		host: config.host,
		port: config.port,
		maxBodyBytes: config.maxBodyBytes,
		maxDecompressedBytes: config.maxDecompressedBytes,
		access: {token: config.token},
		async consume(exported, body, receivedMs) {
			hub.stats.requests++;
			try {
				return await ingestSoon({exported, body, receivedMs});
			} catch (error) {
				hub.stats.storeErrors++;
				hub.stats.lastError = (error as Error).message;
				hub.notify();
				throw error;
			}
		},
		onRejected(status, message) {
			hub.stats.rejectedRequests++;
			if (status === 400) {
				hub.stats.decodeErrors++;
			}

			hub.stats.lastError = `${status} ${message}`;
			hub.notify();
		},
	});

	let address: AddressInfo;
	try {
		address = await receiver.start();
	} catch (error) {
		db.close();
		throw error;
	}

	const releaseLock = holdWriterLock(config.dbPath, {host: address.address, port: address.port});
	const retention = config.retainMs === undefined && config.maxDbBytes === undefined ? undefined : startRetention(db, hub, config);
	return {
		db,
		hub,
		address,
		alertCommand,
		async close() {
			if (retention) {
				clearInterval(retention);
			}

			releaseLock();
			await receiver.close();
			hub.close();
			db.close();
		},
	};
}
