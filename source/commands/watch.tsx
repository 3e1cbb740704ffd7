import {requireTerminal} from './full-screen.js';
import {resolveConfig, type Config} from '../config.js';
import {createEngine} from '../app/create-engine.js';
import {startWatching} from '../app/start-watching.js';
import type {Watching} from '../app/viewer-takeover.js';
import {createReplaySource} from '../replay/replay-source.js';
import {createEventLog} from '../store/event-log.js';
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
	While another codexmon records into the database, this one is a read-only
	viewer of it, and takes over receiving (on its port) when that one quits.

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
		const watching = await startWatching(config);
		try {
			await showScreens(config, watching);
		} finally {
			await watching.close();
		}

		return 0;
	},
};

async function showScreens(config: Config, watching: Watching): Promise<void> {
	const {showApp} = await import('./show-app.js');
	await showApp({
		source: watching.source,
		bell: config.bell,
		// The database of now: a viewer that took over reads the one it writes.
		createReplaySource: conversationId => createReplaySource({events: [...createEventLog(watching.currentDb()).readConversation(conversationId)], createEngine: () => createEngine(config), prices: config.prices, dbPath: config.dbPath}),
	});
}
