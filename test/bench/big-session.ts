import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {FIRST_FRAME} from './cold-start.js';
import {seedCapture} from './seed-database.js';
import {startTerminal} from './terminal.js';

export type BigSessionFigure = {startToListMs: number; firstFrameMs: number; redrawMs: number[]};

/** The session screen is up once the token pane's title is written. */
const SESSION_SCREEN = (screen: string) => screen.includes('tokens per turn');

/**
 * The 5,477-span interactive capture, stored as `serve` stores it; `codexmon` opened on that database:
 * Enter on the session in the list → the first frame of its session screen (read from the store, folded,
 * laid out), then `j` through the timeline, each key → the next frame written, spaced past Ink's frame cap.
 */
export async function measureBigSession(scrolls: number): Promise<BigSessionFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const dbPath = path.join(directory, 'big.db');
	seedCapture(dbPath, 'tui-session');
	const terminal = startTerminal(['--db', dbPath, '--port', '0']);
	try {
		const list = await terminal.waitFor(screen => FIRST_FRAME(screen) && screen.includes('e1714e3d'));
		await sleep(300);
		const enterIndex = terminal.outputs.length;
		const enterAtMs = performance.now();
		terminal.type('\r');
		const opened = await terminal.waitFor(SESSION_SCREEN, {fromIndex: enterIndex});
		await sleep(300);
		terminal.type('g');
		await sleep(300);
		const redrawMs: number[] = [];
		for (let scroll = 0; scroll < scrolls; scroll++) {
			const index = terminal.outputs.length;
			const keyAtMs = performance.now();
			terminal.type('j');
			// eslint-disable-next-line no-await-in-loop
			const frame = await terminal.nextOutput(index);
			redrawMs.push(frame.atMs - keyAtMs);
			// eslint-disable-next-line no-await-in-loop
			await sleep(120);
		}

		return {startToListMs: list.atMs - terminal.spawnedAtMs, firstFrameMs: opened.atMs - enterAtMs, redrawMs};
	} finally {
		await terminal.stop();
		fs.rmSync(directory, {recursive: true, force: true});
	}
}
