import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import zlib from 'node:zlib';
import type {Signal} from '../otlp/signal.js';

/** Real captures the demo plays, in order: a tool session, a loop, an interactive session with approvals. */
export const DEMO_SCENARIOS = ['exec-tool', 'exec-loop', 'tui-session'] as const;

/** `atMs`: when the demo posts it (from its start); `sentMs`: when Codex sent it (from Codex's start). */
export type DemoRequest = {scenario: string; signal: Signal; path: string; contentType: string; atMs: number; sentMs: number; body: Buffer};

/** A pause in a capture longer than this (an idle user, a 60 s metrics tick) is shortened to it. */
const MAX_GAP_MS = 2500;
/** Between two scenarios. */
const SCENARIO_GAP_MS = 1500;

/** Where the build puts the captures (dist/demo-captures, beside the bundled dist/cli.js or above dist/demo), or the repository's test fixtures when run from source. */
export function demoCapturesDirectory(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	const candidates = [path.resolve(here, 'demo-captures'), path.resolve(here, '..', 'demo-captures'), path.resolve(here, '..', '..', 'test', 'fixtures', 'codex-0.169.0')];
	const found = candidates.find(candidate => fs.existsSync(path.join(candidate, DEMO_SCENARIOS[0], 'requests.jsonl')));
	if (!found) {
		throw new Error(`the demo captures are missing (looked in ${candidates.join(', ')}); rebuild with npm run build`);
	}

	return found;
}

/** The demo's requests, each with the time (from the start of the demo) it is to be posted. */
export function loadDemoRequests(directory = demoCapturesDirectory()): DemoRequest[] {
	const requests: DemoRequest[] = [];
	let offsetMs = 0;
	for (const scenario of DEMO_SCENARIOS) {
		let previousMs: number | undefined;
		for (const line of fs.readFileSync(path.join(directory, scenario, 'requests.jsonl'), 'utf8').trim().split('\n')) {
			const meta = JSON.parse(line) as {file: string; path: string; content_type: string; signal: Signal; t_ms_after_codex_start: number};
			const gap = previousMs === undefined ? 0 : Math.min(MAX_GAP_MS, Math.max(0, meta.t_ms_after_codex_start - previousMs));
			previousMs = meta.t_ms_after_codex_start;
			offsetMs += gap;
			const body = zlib.gunzipSync(fs.readFileSync(path.join(directory, scenario, `${meta.file}.gz`)));
			requests.push({scenario, signal: meta.signal, path: meta.path, contentType: meta.content_type, atMs: offsetMs, sentMs: meta.t_ms_after_codex_start, body});
		}

		offsetMs += SCENARIO_GAP_MS;
	}

	return requests;
}
