import {resolveConfig} from '../config.js';
import {createSessionHub} from '../hub/session-hub.js';
import {createEngine} from '../pipeline/create-engine.js';
import {createIngest} from '../pipeline/ingest.js';
import {createReceiver} from '../receiver/server.js';
import {openDatabase} from '../store/database.js';
import type {Command} from './command.js';

export const serveCommand: Command = {
	name: 'serve',
	summary: 'Run the OTLP receiver without the TUI',
	help: `
	Usage
	  $ codexmon serve [--host H] [--port N] [--db FILE]

	Receives Codex's OpenTelemetry logs, traces and metrics over OTLP/HTTP
	(protobuf or JSON) and records every session in SQLite. Prints one line
	when listening; Ctrl-C (SIGINT) or SIGTERM flushes and exits 0.

	Options
	  --host  Address to bind (default 127.0.0.1, loopback only)
	  --port  Port to listen on (default 4318)
	  --db    Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)
	  --prices  Price overrides (TOML or JSON, USD per million tokens)

	Examples
	  $ codexmon serve
	  $ codexmon serve --port 14318 --db /tmp/codexmon.db
`,
	flags: {
		host: {type: 'string'},
		port: {type: 'number'},
		db: {type: 'string'},
		prices: {type: 'string'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const db = openDatabase(config.dbPath);
		const hub = createSessionHub({engine: createEngine(config)});
		const ingest = createIngest(db, hub, {prices: config.prices});
		const receiver = createReceiver({
			host: config.host,
			port: config.port,
			maxBodyBytes: config.maxBodyBytes,
			maxDecompressedBytes: config.maxDecompressedBytes,
			consume(exported, body, receivedMs) {
				hub.stats.requests++;
				return ingest.ingest(exported, body, receivedMs);
			},
			onRejected(status, message) {
				hub.stats.rejectedRequests++;
				if (status === 400) {
					hub.stats.decodeErrors++;
				}

				hub.stats.lastError = `${status} ${message}`;
			},
		});

		let address;
		try {
			address = await receiver.start();
		} catch (error) {
			db.close();
			throw error;
		}

		process.stdout.write(`codexmon listening on http://${formatHost(address.address)}:${address.port} (OTLP/HTTP: /v1/logs /v1/traces /v1/metrics), db ${config.dbPath}\n`);
		await new Promise<void>(resolve => {
			const stop = () => {
				process.off('SIGINT', stop);
				process.off('SIGTERM', stop);
				resolve();
			};

			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		});
		await receiver.close();
		hub.close();
		db.close();
		process.stdout.write(`codexmon stopped: ${hub.stats.requests} requests, ${hub.stats.eventsStored} events stored\n`);
		return 0;
	},
};

function formatHost(host: string): string {
	return host.includes(':') ? `[${host}]` : host;
}
