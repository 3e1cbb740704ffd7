import {render} from 'ink';
import {resolveConfig} from '../config.js';
import {createEngine} from '../pipeline/create-engine.js';
import {startReceiving} from '../pipeline/start-receiving.js';
import {createReplaySource} from '../replay/replay-source.js';
import {createEventLog} from '../store/event-log.js';
import {App} from '../ui/app.js';
import {createLiveSource} from '../ui/live-source.js';
import type {Command} from './command.js';
import {DETECTION_FLAGS, DETECTION_HELP, RECEIVER_FLAGS, RECEIVER_HELP, STORE_FLAGS, STORE_HELP} from './common-flags.js';
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
		const config = resolveConfig(flags);
		const receiving = await startReceiving(config);
		const {hub, db, address} = receiving;
		const source = createLiveSource({hub, db, prices: config.prices, createEngine: () => createEngine(config), mode: 'live', address: `${address.address}:${address.port}`, dbPath: config.dbPath});
		const eventLog = createEventLog(db);
		try {
			await runFullScreen(() => render(
				<App
					source={source}
					bell={config.bell}
					createReplaySource={conversationId => createReplaySource({events: [...eventLog.readConversation(conversationId)], createEngine: () => createEngine(config), prices: config.prices, dbPath: config.dbPath})}
				/>,
				{maxFps: 15, exitOnCtrlC: true, patchConsole: false, incrementalRendering: true},
			));
		} finally {
			await receiving.close();
		}

		return 0;
	},
};
