import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import zlib from 'node:zlib';

export const CAPTURES_DIR = fileURLToPath(new URL('../fixtures/codex-0.169.0/', import.meta.url));

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
	const directory = path.join(CAPTURES_DIR, name);
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
