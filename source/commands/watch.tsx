import {render} from 'ink';
import {resolveConfig} from '../config.js';
import {createSessionHub} from '../hub/session-hub.js';
import {createEngine} from '../pipeline/create-engine.js';
import {createIngest} from '../pipeline/ingest.js';
import {createReceiver} from '../receiver/server.js';
import {createReplaySource} from '../replay/replay-source.js';
import {openDatabase} from '../store/database.js';
import {createEventLog} from '../store/event-log.js';
import {App} from '../ui/app.js';
import {createLiveSource} from '../ui/live-source.js';
import type {Command} from './command.js';
import {runFullScreen} from './full-screen.js';

export const watchCommand: Command = {
	name: 'watch',
	summary: 'Receive Codex telemetry and watch sessions live (the default)',
	help: `
	Usage
	  $ codexmon [watch] [--host H] [--port N] [--db FILE] [--no-bell]

	Starts the OTLP receiver and the live screen: the newest live session opens
	by itself (follow mode) with its timeline of turns, model requests and tool
	calls, token burn per turn, tool decisions and alerts. Press ? for the keys.

	Options
	  --host     Address to bind (default 127.0.0.1, loopback only)
	  --port     Port to listen on (default 4318)
	  --db       Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)
	  --prices   Price overrides (TOML or JSON, USD per million tokens)
	  --no-bell  Do not ring the terminal bell on a new critical alert

	Examples
	  $ codexmon
	  $ codexmon --port 14318 --db /tmp/codexmon.db
`,
	flags: {
		host: {type: 'string'},
		port: {type: 'number'},
		db: {type: 'string'},
		prices: {type: 'string'},
		bell: {type: 'boolean', default: true},
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
				hub.notify();
			},
		});
		let address;
		try {
			address = await receiver.start();
		} catch (error) {
			db.close();
			throw error;
		}

		const source = createLiveSource({hub, db, prices: config.prices, createEngine: () => createEngine(config), mode: 'live', address: `${address.address}:${address.port}`, dbPath: config.dbPath});
		const eventLog = createEventLog(db);
		try {
			await runFullScreen(() => render(
				<App
					source={source}
					bell={flags.bell !== false}
					createReplaySource={conversationId => createReplaySource({events: [...eventLog.readConversation(conversationId)], createEngine: () => createEngine(config), prices: config.prices, dbPath: config.dbPath})}
				/>,
				{maxFps: 15, exitOnCtrlC: true, patchConsole: false, incrementalRendering: true},
			));
		} finally {
			await receiver.close();
			hub.close();
			db.close();
		}

		return 0;
	},
};
