import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startTerminal} from './terminal.js';

/** The status bar's right end: once it is written, the first frame is on the screen. */
export const FIRST_FRAME = (screen: string) => screen.includes('? help');

/**
 * From spawning `codexmon` (the live screen, empty database, free port) in a terminal to its first frame.
 * With `codeCache: false`, as the very first start after installing (or after a Node upgrade) runs.
 */
export async function measureColdStart({codeCache = true} = {}): Promise<number> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const terminal = startTerminal(['--db', path.join(directory, 'cold.db'), '--port', '0'], undefined, codeCache ? {} : {CODEXMON_CODE_CACHE: '0'});
	try {
		const frame = await terminal.waitFor(FIRST_FRAME);
		return frame.atMs - terminal.spawnedAtMs;
	} finally {
		await terminal.stop();
		fs.rmSync(directory, {recursive: true, force: true});
	}
}

/** Node's own start on this machine (`node -e 0`, spawn to exit): the part of a cold start no program can cut. */
export function measureNodeBoot(): number {
	const started = performance.now();
	spawnSync(process.execPath, ['-e', '0']);
	return performance.now() - started;
}
