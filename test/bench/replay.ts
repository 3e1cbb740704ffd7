import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {seedLongSession} from './seed-database.js';
import {startTerminal} from './terminal.js';

export type ReplayFigure = {events: number; startMs: number[]};

/**
 * `codexmon replay <id>` of a session of `events` events (the real interactive session repeated as more
 * turns): from spawning it in a terminal to the first frame of the replay (its status bar `▶ replay`),
 * which includes reading every event from the store.
 */
export async function measureReplay(events: number, runs: number): Promise<ReplayFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const dbPath = path.join(directory, 'replay.db');
	const seeded = seedLongSession(dbPath, events);
	const startMs: number[] = [];
	try {
		for (let run = 0; run < runs; run++) {
			const terminal = startTerminal(['replay', seeded.conversationId.slice(0, 12), '--db', dbPath]);
			try {
				// eslint-disable-next-line no-await-in-loop
				const frame = await terminal.waitFor(screen => screen.includes('▶ replay') && screen.includes('? help'));
				startMs.push(frame.atMs - terminal.spawnedAtMs);
			} finally {
				// eslint-disable-next-line no-await-in-loop
				await terminal.stop();
			}
		}
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}

	return {events: seeded.events, startMs};
}
