import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {FIXTURES_DIR, type CaptureName, type CaptureSet} from './captures.js';

/** The rollout files the same Codex run wrote, as text, one per conversation. */
export function loadRollouts(name: CaptureName): Array<{file: string; text: string}> {
	return loadRolloutsFrom('codex-0.169.0', name);
}

export function loadRolloutsFrom(set: CaptureSet, name: string): Array<{file: string; text: string}> {
	const directory = path.join(FIXTURES_DIR, set, name, 'rollout');
	return fs.readdirSync(directory).sort().map(file => ({file: file.replace(/\.gz$/, ''), text: zlib.gunzipSync(fs.readFileSync(path.join(directory, file))).toString('utf8')}));
}

/** Writes rollouts into a Codex home laid out as Codex does: sessions/YYYY/MM/DD/rollout-*.jsonl. */
export function writeCodexHome(home: string, rollouts: Array<{file: string; text: string}>, day = '2026/11/25'): string[] {
	const directory = path.join(home, 'sessions', ...day.split('/'));
	fs.mkdirSync(directory, {recursive: true});
	return rollouts.map(({file, text}) => {
		const target = path.join(directory, file);
		fs.writeFileSync(target, text);
		return target;
	});
}
