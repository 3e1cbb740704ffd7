import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startTerminal} from './terminal.js';

/** The status bar's right end: once it is written, the first frame is on the screen. */
export const FIRST_FRAME = (screen: string) => screen.includes('? help');

/** From spawning `codexmon` (the live screen, empty database, free port) in a terminal to its first frame. */
export async function measureColdStart(): Promise<number> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const terminal = startTerminal(['--db', path.join(directory, 'cold.db'), '--port', '0']);
	try {
		const frame = await terminal.waitFor(FIRST_FRAME);
		return frame.atMs - terminal.spawnedAtMs;
	} finally {
		await terminal.stop();
		fs.rmSync(directory, {recursive: true, force: true});
	}
}
