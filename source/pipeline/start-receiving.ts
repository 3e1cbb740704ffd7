import type {AddressInfo} from 'node:net';
import type {Config} from '../config.js';
import {createSessionHub, type SessionHub} from '../hub/session-hub.js';
import {createReceiver} from '../receiver/server.js';
import {openDatabase, type Db} from '../store/database.js';
import {createAlertCommand, type AlertCommandStats} from './alert-command.js';
import {createEngine} from './create-engine.js';
import {createIngest} from './ingest.js';

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
	const ingest = createIngest(db, hub, {prices: config.prices});
	const receiver = createReceiver({
		host: config.host,
		port: config.port,
		maxBodyBytes: config.maxBodyBytes,
		maxDecompressedBytes: config.maxDecompressedBytes,
		consume(exported, body, receivedMs) {
			hub.stats.requests++;
			try {
				return ingest.ingest(exported, body, receivedMs);
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

	return {
		db,
		hub,
		address,
		alertCommand,
		async close() {
			await receiver.close();
			hub.close();
			db.close();
		},
	};
}
