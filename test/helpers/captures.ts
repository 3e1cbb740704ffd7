import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import zlib from 'node:zlib';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const CAPTURES_DIR = path.join(FIXTURES_DIR, 'codex-0.169.0');

/** The sets of real captures: 0.169.0 over HTTP + SSE, 0.171.0's real-world scenarios, 0.171.0 over the Responses WebSocket. */
export const CAPTURE_SETS = ['codex-0.169.0', 'codex-0.171.0', 'codex-0.171.0-ws'] as const;
export type CaptureSet = (typeof CAPTURE_SETS)[number];

/** The scenario folders of one set, sorted. */
export function captureNamesOf(set: CaptureSet): string[] {
	const directory = path.join(FIXTURES_DIR, set);
	return fs.readdirSync(directory).filter(name => fs.existsSync(path.join(directory, name, 'requests.jsonl'))).sort();
}

export const CAPTURE_NAMES = [
	'exec-simple',
	'exec-tool',
	'exec-fail',
	'exec-loop',
	'exec-policy-rejected',
	'exec-subagent',
	'exec-tool-json-redacted',
	'exec-loop-json',
	'exec-tool-sse-deltas',
	'tui-session',
] as const;

export type CaptureName = (typeof CAPTURE_NAMES)[number];

export type CapturedRequest = {
	seq: number;
	path: string;
	contentType: string;
	signal: 'logs' | 'traces' | 'metrics';
	/** Arrival time after Codex started, as captured. */
	tMs: number;
	body: Buffer;
};

/** The requests of one real capture, in arrival order, bodies as Codex sent them. */
export function loadCapture(name: CaptureName): CapturedRequest[] {
	return loadCaptureFrom('codex-0.169.0', name);
}

/** The requests of one capture of any set, in arrival order. */
export function loadCaptureFrom(set: CaptureSet, name: string): CapturedRequest[] {
	const directory = path.join(FIXTURES_DIR, set, name);
	return fs.readFileSync(path.join(directory, 'requests.jsonl'), 'utf8').trim().split('\n').map(line => {
		const meta = JSON.parse(line) as {seq: number; file: string; path: string; content_type: string; signal: CapturedRequest['signal']; t_ms_after_codex_start: number};
		return {
			seq: meta.seq,
			path: meta.path,
			contentType: meta.content_type,
			signal: meta.signal,
			tMs: meta.t_ms_after_codex_start,
			body: zlib.gunzipSync(fs.readFileSync(path.join(directory, `${meta.file}.gz`))),
		};
	});
}
