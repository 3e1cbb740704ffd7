import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {requireTerminal} from './full-screen.js';
import {resolveConfig} from '../config.js';
import {loadDemoRequests} from '../demo/demo-captures.js';
import {playDemo} from '../demo/play-demo.js';
import {createEngine} from '../app/create-engine.js';
import {startReceiving} from '../app/start-receiving.js';
import {createReplaySource} from '../replay/replay-source.js';
import {createEventLog} from '../store/event-log.js';
import {createLiveSource} from '../app/live-source.js';
import {UsageError, type Command} from './command.js';

export const demoCommand: Command = {
	name: 'demo',
	summary: 'See codexmon at work on real captured Codex sessions, no Codex needed',
	help: `
	Usage
	  $ codexmon demo [--speed N] [--port N] [--db FILE]

	Starts the live screen and plays real Codex sessions, captured from the
	Codex CLI, into it over OTLP/HTTP: a tool call, a loop that raises an alert,
	and an interactive session with approvals (approved by policy and by the
	user, approved with a prefix rule, and one aborted with Esc). It uses a
	throwaway database unless --db is given, and a free port unless --port is.

	Options
	  --speed N   Play faster (2, 5, …) or slower (0.5) than Codex sent it (default 1)
	  --port N    Port for the receiver (default: any free port)
	  --db FILE   Keep the demo sessions in this database

	Examples
	  $ codexmon demo
	  $ codexmon demo --speed 3
`,
	flags: {
		speed: {type: 'number'},
		port: {type: 'number'},
		db: {type: 'string'},
	},
	async run(_input, flags) {
		requireTerminal('demo');
		const speed = typeof flags.speed === 'number' ? flags.speed : 1;
		if (!Number.isFinite(speed) || speed <= 0) {
			throw new UsageError(`--speed must be a positive number, got ${String(flags.speed)}`);
		}

		const throwaway = flags.db ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-demo-'));
		const resolved = resolveConfig({port: typeof flags.port === 'number' ? flags.port : 0, grpc: false, db: typeof flags.db === 'string' ? flags.db : path.join(throwaway!, 'demo.db'), bell: false});
		// Demo sessions must never reach a team's collector configured in [forward] or CODEXMON_FORWARD.
		const config = Object.freeze({...resolved, forward: {...resolved.forward, urls: []}});
		const requests = loadDemoRequests();
		const receiving = await startReceiving(config);
		const {hub, db, address} = receiving;
		const player = playDemo(requests, new URL(`http://127.0.0.1:${address.port}`), speed);
		const source = createLiveSource({hub, db, prices: config.prices, createEngine: () => createEngine(config), mode: 'live', address: `${address.address}:${address.port}`, dbPath: config.dbPath});
		const eventLog = createEventLog(db);
		try {
			const {showApp} = await import('./show-app.js');
			await showApp({source, bell: false, createReplaySource: conversationId => createReplaySource({events: [...eventLog.readConversation(conversationId)], createEngine: () => createEngine(config), prices: config.prices, dbPath: config.dbPath})});
		} finally {
			player.stop();
			await receiving.close();
			if (throwaway) {
				fs.rmSync(throwaway, {recursive: true, force: true});
			}
		}

		return 0;
	},
};
