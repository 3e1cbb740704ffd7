import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {CAPTURE_SETS, captureNamesOf} from '../helpers/captures.js';
import {CLI_PATH} from '../helpers/cli.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Every real rollout of the captures, as lines. */
function captureRollouts(): Array<{file: string; lines: string[]}> {
	return CAPTURE_SETS.flatMap(set => captureNamesOf(set).flatMap(name => loadRolloutsFrom(set, name)))
		.map(({file, text}) => ({file, lines: text.trim().split('\n')}));
}

/** A UUID of the same shape, made distinct by `copy` (its last 12 hex digits). */
function variant(id: string, copy: number): string {
	return `${id.slice(0, 24)}${copy.toString(16).padStart(12, '0').slice(-12)}`;
}

/** Rewrites every id (conversation, turn, call, response) of a line for one copy, so copies are distinct sessions/turns. */
function rewriteIds(line: string, copy: number): string {
	return line.replaceAll(UUID, id => variant(id, copy)).replaceAll(/:"(call_[\w-]+|resp_[\w-]+|fc_\w+|msg_\d+)"/g, (_, id: string) => `:"${id}_c${copy}"`);
}

/** Bytes of history each generated compaction re-embeds (real ones reach hundreds of MiB: openai/codex#24948). */
const COMPACTED_BYTES = 8 << 20;

/**
 * One rollout of about `bytes`, written in a temp Codex home, shaped like the real multi-GB ones (90% `compacted`
 * records re-embedding the history, openai/codex#24948, #37346): the real tui-session's session_meta once, then
 * its turns over and over with their ids rewritten (distinct turns, calls and responses), each round followed by
 * the real exec-compaction `compacted` record with its replacement_history repeated up to COMPACTED_BYTES.
 */
export function writeBigRollout(home: string, bytes: number): {file: string; lines: number} {
	const rollouts = captureRollouts();
	const rollout = rollouts.find(({file}) => file.includes('01a2313a-b487'))!;
	const compacted = JSON.parse(rollouts.flatMap(({lines}) => lines).find(line => line.includes('"type":"compacted"'))!) as {payload: {replacement_history: unknown[]}};
	const history = compacted.payload.replacement_history;
	const historyBytes = JSON.stringify(history).length;
	compacted.payload.replacement_history = Array.from({length: Math.ceil(COMPACTED_BYTES / historyBytes)}, () => history).flat();
	const [meta, ...body] = rollout.lines;
	const directory = path.join(home, 'sessions', '2026', '12', '01');
	fs.mkdirSync(directory, {recursive: true});
	const file = path.join(directory, rollout.file);
	const fd = fs.openSync(file, 'w');
	let written = 0;
	let lines = 1;
	written += fs.writeSync(fd, `${meta}\n`);
	const own = meta!.match(UUID)![0];
	for (let copy = 1; written < bytes; copy++) {
		// The file's own thread id stays; every other id is this copy's.
		const chunk = body.map(line => rewriteIds(line.replaceAll(own, '\u0000'), copy).replaceAll('\u0000', own)).join('\n');
		written += fs.writeSync(fd, `${chunk}\n`);
		const timestamp = /"timestamp":"[^"]+"/.exec(body.at(-1)!)![0];
		written += fs.writeSync(fd, `{${timestamp},"type":"compacted","payload":${JSON.stringify(compacted.payload)}}\n`);
		lines += body.length + 1;
	}

	fs.closeSync(fd);
	return {file, lines};
}

/** A Codex home of `count` rollouts, each a real capture rollout with its ids rewritten, spread over 30 days. */
export function writeHistory(home: string, count: number): {files: number; bytes: number} {
	const rollouts = captureRollouts();
	let bytes = 0;
	for (let index = 0; index < count; index++) {
		const {file, lines} = rollouts[index % rollouts.length]!;
		const copy = Math.floor(index / rollouts.length) + 1;
		const day = 1 + (index % 28);
		const directory = path.join(home, 'sessions', '2026', '11', String(day).padStart(2, '0'));
		fs.mkdirSync(directory, {recursive: true});
		const text = `${lines.map(line => rewriteIds(line, copy)).join('\n')}\n`;
		fs.writeFileSync(path.join(directory, rewriteIds(file, copy)), text);
		bytes += Buffer.byteLength(text);
	}

	return {files: count, bytes};
}

export type RunFigure = {ms: number; peakRssBytes: number; status: number; stdout: string};

/** Runs the built CLI, sampling its peak resident memory (VmHWM) from /proc until it exits. */
export async function runMeasured(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunFigure> {
	const started = performance.now();
	const child = spawn(process.execPath, [CLI_PATH, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
	let stdout = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.resume();
	let peakRssBytes = 0;
	const sample = () => {
		try {
			const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
			peakRssBytes = Math.max(peakRssBytes, match ? Number(match[1]) * 1024 : 0);
		} catch {}
	};

	const timer = setInterval(sample, 20);
	const status = await new Promise<number>(resolve => child.once('exit', code => resolve(code ?? -1)));
	clearInterval(timer);
	return {ms: performance.now() - started, peakRssBytes, status, stdout};
}

export type BigImportFigure = {fileBytes: number; lines: number; ms: number; peakRssBytes: number; mibPerSecond: number};

/** Imports one generated rollout of `bytes` (1 GiB by default), in a temp dir deleted after. */
export async function measureBigImport(bytes: number): Promise<BigImportFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-import-'));
	try {
		const home = path.join(directory, 'codex');
		const {file, lines} = writeBigRollout(home, bytes);
		const fileBytes = fs.statSync(file).size;
		const run = await runMeasured(['import', '--codex-home', home, '--db', path.join(directory, 'codexmon.db'), '--json'], {XDG_CONFIG_HOME: directory});
		if (run.status !== 0) {
			throw new Error(`import of the big rollout exited ${run.status}: ${run.stdout}`);
		}

		return {fileBytes, lines, ms: run.ms, peakRssBytes: run.peakRssBytes, mibPerSecond: fileBytes / 2 ** 20 / (run.ms / 1000)};
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
}

export type HistoryFigure = {files: number; bytes: number; firstImportMs: number; reimportMs: number; reportMs: number; ccusageMs?: number; ccusage?: string};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * First import of a generated history of `count` files, a re-import of the same unchanged files, and a plain
 * `report`, each the built CLI spawned (as a user runs it); `ccusage codex daily` on the same home when
 * `ccusageBin` is given (optional: it is no dependency).
 */
export async function measureHistoryImport(count: number, runs: number, ccusageBin?: string): Promise<HistoryFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-history-'));
	try {
		const home = path.join(directory, 'codex');
		const {files, bytes} = writeHistory(home, count);
		const env = {XDG_CONFIG_HOME: directory, CODEX_HOME: home};
		const first: number[] = [];
		const again: number[] = [];
		const report: number[] = [];
		const ccusage: number[] = [];
		for (let run = 0; run < runs; run++) {
			const db = path.join(directory, `run-${run}.db`);
			/* eslint-disable no-await-in-loop */
			const imported = await runMeasured(['import', '--db', db, '--json'], env);
			if (imported.status !== 0) {
				throw new Error(`history import exited ${imported.status}`);
			}

			first.push(imported.ms);
			again.push((await runMeasured(['import', '--db', db, '--json'], env)).ms);
			report.push((await runMeasured(['report', '--since', '2026-01-01', '--db', db, '--json'], env)).ms);
			if (ccusageBin) {
				ccusage.push(timeCcusage(ccusageBin, home));
			}
			/* eslint-enable no-await-in-loop */
		}

		return {files, bytes, firstImportMs: median(first), reimportMs: median(again), reportMs: median(report), ...(ccusageBin ? {ccusageMs: median(ccusage), ccusage: ccusageBin} : {})};
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
}

function timeCcusage(bin: string, home: string): number {
	const started = performance.now();
	// `ccusage codex daily`, or the standalone `ccusage-codex daily` (@ccusage/codex, JavaScript, before 19).
	const args = path.basename(bin).startsWith('ccusage-codex') ? ['daily', '--json'] : ['codex', 'daily', '--json'];
	const result = spawnSync(bin, args, {env: {...process.env, CODEX_HOME: home}, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	if (result.status !== 0) {
		throw new Error(`ccusage exited ${result.status}: ${result.stderr.slice(0, 300)}`);
	}

	return performance.now() - started;
}
