import {requireTerminal} from './full-screen.js';
import {resolveConfig, type Config} from '../config.js';
import {createSessionHub} from '../hub/session-hub.js';
import {exposureWarning} from '../app/exposure-warning.js';
import {followDatabase} from '../app/follow-database.js';
import {createEngine} from '../app/create-engine.js';
import {startReceiving} from '../app/start-receiving.js';
import {createReplaySource} from '../replay/replay-source.js';
import {openDatabase, type Db} from '../store/database.js';
import {createEventLog} from '../store/event-log.js';
import {readWriterLock} from '../store/writer-lock.js';
import {createLiveSource} from '../app/live-source.js';
import type {ViewSource} from '../hub/view-source.js';
import type {Command} from './command.js';
import {DETECTION_FLAGS, DETECTION_HELP, RECEIVER_FLAGS, RECEIVER_HELP, STORE_FLAGS, STORE_HELP} from './common-flags.js';

export const watchCommand: Command = {
	name: 'watch',
	summary: 'Receive Codex telemetry and watch sessions live (the default)',
	arguments: {most: 0, usage: 'codexmon [watch] [options]'},
	help: `
	Usage
	  $ codexmon [watch] [--host H] [--port N] [--db FILE] [--no-bell]

	Starts the OTLP receiver and the live screen: the newest live session opens
	by itself (follow mode) with its timeline of turns, model requests and tool
	calls, token burn per turn, tool decisions and alerts. Press ? for the keys.

	Options
${RECEIVER_HELP}
${STORE_HELP}
${DETECTION_HELP}
	  --no-bell             Do not ring the terminal bell on a new critical alert

	Examples
	  $ codexmon
	  $ codexmon --port 14318 --db /tmp/codexmon.db
`,
	flags: {...RECEIVER_FLAGS, ...STORE_FLAGS, ...DETECTION_FLAGS, bell: {type: 'boolean'}},
	async run(_input, flags) {
		requireTerminal('watch');
		const config = resolveConfig(flags);
		// A receiver already writes this database: open a read-only viewer that follows it instead.
		const writer = readWriterLock(config.dbPath);
		if (writer) {
			const db = openDatabase(config.dbPath, {readonly: true});
			const hub = createSessionHub({engine: createEngine(config)});
			const follower = followDatabase(db, hub);
			try {
				await showScreens(config, db, createLiveSource({hub, db, prices: config.prices, createEngine: () => createEngine(config), mode: 'viewer', address: `${writer.host}:${writer.port}`, dbPath: config.dbPath}));
			} finally {
				follower.stop();
				hub.close();
				db.close();
			}

			return 0;
		}

		const receiving = await startReceiving(config);
		const {hub, db, address} = receiving;
		try {
			await showScreens(config, db, createLiveSource({hub, db, prices: config.prices, createEngine: () => createEngine(config), mode: 'live', address: `${address.address}:${address.port}`, dbPath: config.dbPath, warning: exposureWarning(config)}));
		} finally {
			await receiving.close();
		}

		return 0;
	},
};

async function showScreens(config: Config, db: Db, source: ViewSource): Promise<void> {
	const eventLog = createEventLog(db);
	const {showApp} = await import('./show-app.js');
	await showApp({
		source,
		bell: config.bell,
		createReplaySource: conversationId => createReplaySource({events: [...eventLog.readConversation(conversationId)], createEngine: () => createEngine(config), prices: config.prices, dbPath: config.dbPath}),
	});
}
