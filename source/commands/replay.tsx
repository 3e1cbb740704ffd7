import {resolveConfig} from '../config.js';
import {createEngine} from '../app/create-engine.js';
import {readRecording} from '../replay/read-recording.js';
import {createReplaySource} from '../replay/replay-source.js';
import type {ReplaySpeed} from '../replay/replay-controller.js';
import {openSession} from './open-session.js';
import {UsageError, type Command} from './command.js';

export const replayCommand: Command = {
	name: 'replay',
	summary: 'Play a recorded session back through the live screens',
	arguments: {most: 1, usage: 'codexmon replay <conversation-id>'},
	help: `
	Usage
	  $ codexmon replay <conversation-id or unique prefix> [--speed N|max] [--db FILE]

	Plays a recorded session from its start with its original timing (as the
	telemetry arrived, scaled by --speed), through the same session model and
	screens as live. Alerts fire when their evidence is reached.

	Keys
	  Space  pause / play          + -    faster / slower
	  ← →    one event back / on   [ ]    previous / next turn
	  0 $    start / end           ?      all keys      q  quit

	Options
	  --speed  1 (default), 0.5, 2, 10, … or max (as fast as possible)
	  --db     Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)

	Examples
	  $ codexmon replay 8886e1714e3d
	  $ codexmon replay 8886e1714e3d --speed 10
`,
	flags: {
		speed: {type: 'string'},
		db: {type: 'string'},
		prices: {type: 'string'},
		config: {type: 'string'},
		loopThreshold: {type: 'number'},
		budgetTokens: {type: 'number'},
		budgetUsd: {type: 'number'},
	},
	async run(input, flags) {
		const config = resolveConfig(flags);
		const speed = parseSpeed(typeof flags.speed === 'string' ? flags.speed : '1');
		const query = input[0];
		if (!query) {
			throw new UsageError('replay needs a conversation id: codexmon replay <conversation-id> (list them with `codexmon sessions`)');
		}

		const {db, conversationId} = openSession(config.dbPath, query, {readonly: true});
		try {
			const recording = readRecording(db, conversationId);
			const source = createReplaySource({events: recording.first, rest: recording.rest, createEngine: () => createEngine(config), prices: config.prices, dbPath: config.dbPath, speed});
			try {
				const {showApp} = await import('./show-app.js');
				await showApp({source, bell: false});
			} finally {
				source.dispose();
			}

			return 0;
		} finally {
			db.close();
		}
	},
};

function parseSpeed(text: string): ReplaySpeed {
	if (text === 'max') {
		return 'max';
	}

	const speed = Number(text);
	if (!Number.isFinite(speed) || speed <= 0) {
		throw new UsageError(`--speed must be a positive number or max, got "${text}"`);
	}

	return speed;
}
