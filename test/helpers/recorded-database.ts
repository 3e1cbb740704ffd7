import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import type {CapturedRequest} from './captures.js';
import {postCapture, startServe, temporaryDirectory} from './cli.js';

/**
 * A database holding `capture` as `serve` recorded it, made once before the file's tests (in a temp dir removed
 * after them): what the screen tests replay and browse. Call at a test file's top level.
 */
export function recordedDatabase(file: string, capture: CapturedRequest[]): string {
	const directory = temporaryDirectory();
	const db = path.join(directory, file);
	beforeAll(async () => {
		const served = await startServe(['--db', db]);
		await postCapture(served.url, capture);
		await served.stop();
	});
	afterAll(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	return db;
}
