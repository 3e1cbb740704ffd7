import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {fileURLToPath} from 'node:url';
import {resolveConfig} from '../../source/config.js';
import {shortConversationId} from '../../source/model/selectors.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {openDatabase} from '../../source/store/database.js';
import {CLI_PATH} from '../helpers/cli.js';
import {loadCaptureFrom} from '../helpers/captures.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {FIRST_FRAME} from './cold-start.js';
import {post} from './ingest.js';
import {generateLongSession, REQUESTS_PER_TURN, type LongSession} from './long-session-events.js';
import {rssBytes, startServeProcess} from './serve-process.js';
import {startTerminal} from './terminal.js';
import {loadWorkload, replicaBody} from './workload.js';

export type LongIngestFigure = {requests: number; events: number; seconds: number; eventsPerSecond: number; firstTenthMsPer1000: number; lastTenthMsPer1000: number; ratio: number};
/** Live batches of a conversation with an imported rollout: ms each, and how many merged both sources again. */
export type MergedLiveFigure = {requests: number; batches: number; meanMs: number; p50Ms: number; maxMs: number; rebuilds?: number};
export type LongSessionFigure = {
	ingest: LongIngestFigure;
	mergedLive?: MergedLiveFigure;
	showMs?: number;
	exportMs?: number;
	resume?: {ms: number; longestHoldMs: number};
	/** Acknowledgements of another sender while the session resumes in `serve`. */
	otherSender?: {acks: number; p99Ms: number; maxMs: number; resumeAckMs: number};
	screen?: {openMs: number; keyP99Ms: number; keyP50Ms: number; keys: number; rssBytes: number};
};

/** The same thresholds and prices as `serve` with no config file: every detector the default config runs. */
const config = () => resolveConfig({});

/** Stores the generated session through the ingest `serve` uses (one transaction per request), timing each request. */
export function measureLongIngest(session: LongSession, dbPath: string): LongIngestFigure {
	const db = openDatabase(dbPath);
	const settings = config();
	const hub = createSessionHub({createEngine: () => createEngine(settings)});
	const ingest = createIngest(db, hub, {prices: settings.prices});
	const perBatch: Array<{events: number; ms: number}> = [];
	const started = performance.now();
	for (const batch of session.batches) {
		const batchStarted = performance.now();
		ingest.storeMany([batch]);
		perBatch.push({events: batch.events.length, ms: performance.now() - batchStarted});
	}

	const seconds = (performance.now() - started) / 1000;
	hub.close();
	db.close();
	const tenth = session.events / 10;
	const msPer1000 = (batches: typeof perBatch) => 1000 * batches.reduce((sum, batch) => sum + batch.ms, 0) / batches.reduce((sum, batch) => sum + batch.events, 0);
	let seen = 0;
	const first: typeof perBatch = [];
	const last: typeof perBatch = [];
	for (const batch of perBatch) {
		if (seen < tenth) {
			first.push(batch);
		}

		seen += batch.events;
		if (seen > session.events - tenth) {
			last.push(batch);
		}
	}

	const firstTenthMsPer1000 = msPer1000(first);
	const lastTenthMsPer1000 = msPer1000(last);
	return {requests: session.requests, events: session.events, seconds, eventsPerSecond: session.events / seconds, firstTenthMsPer1000, lastTenthMsPer1000, ratio: lastTenthMsPer1000 / firstTenthMsPer1000};
}

/** Batches timed live after the import: a few turns' worth. */
const MERGED_LIVE_BATCHES = 20;

/**
 * A conversation with an imported rollout that goes on live: the real tui-session rollout (the session before
 * codexmon ran), then `requests` generated model requests of the same conversation after it. All but the last
 * batches are stored, the rollout is imported (the one merge), and the last batches are timed as they arrive.
 */
export function measureMergedLive(requests: number, directory: string): MergedLiveFigure {
	const rollouts = loadRolloutsFrom('codex-0.171.0', 'tui-session');
	const rolloutEndMs = Math.max(...rollouts.flatMap(({text}) => rolloutToEvents(text.split('\n')).turns.map(turn => turn.endMs)));
	const session = generateLongSession(requests, {startMs: rolloutEndMs + 60_000});
	const db = openDatabase(path.join(directory, `merged-${requests}.db`));
	const settings = config();
	const hub = createSessionHub({createEngine: () => createEngine(settings)});
	const ingest = createIngest(db, hub, {prices: settings.prices});
	try {
		for (const batch of session.batches.slice(0, -MERGED_LIVE_BATCHES)) {
			ingest.storeMany([batch]);
		}

		const home = path.join(directory, `codex-${requests}`);
		writeCodexHome(home, rollouts, '2026/12/01');
		const imported = importRollouts(db, findRollouts(rolloutDirectories(home)), {createEngine: () => createEngine(settings), prices: settings.prices});
		ingest.refresh(imported.changed);
		// `?.`: an ingest from before the merge was kept has no counts (an A/B against it).
		const rebuildsBefore = ingest.mergeCounts?.rebuilds ?? 0;
		const ms = session.batches.slice(-MERGED_LIVE_BATCHES).map(batch => {
			const started = performance.now();
			ingest.storeMany([batch]);
			return performance.now() - started;
		});
		if (hub.getSession(session.conversationId)?.turns.length !== session.requests / REQUESTS_PER_TURN + 7) {
			throw new Error(`the merged session has ${hub.getSession(session.conversationId)?.turns.length} turns`);
		}

		const sorted = ms.toSorted((a, b) => a - b);
		const rebuilds = ingest.mergeCounts ? ingest.mergeCounts.rebuilds - rebuildsBefore : undefined;
		return {requests: session.requests, batches: ms.length, meanMs: ms.reduce((sum, value) => sum + value, 0) / ms.length, p50Ms: sorted[Math.floor(sorted.length / 2)]!, maxMs: sorted.at(-1)!, rebuilds};
	} finally {
		hub.close();
		db.close();
	}
}

/** The built CLI as a user runs it, output thrown away: spawn → exit. */
export function timeCli(args: string[]): number {
	const started = performance.now();
	const result = spawnSync(process.execPath, [CLI_PATH, ...args], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 2 ** 30});
	if (result.status !== 0) {
		throw new Error(`codexmon ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	}

	return performance.now() - started;
}

/**
 * A receiver restarted on the stored session; one more turn of it arrives: how long until the session is whole in
 * memory again with that turn (in-process), and the longest the event loop was held meanwhile (no other request
 * could be answered for that long).
 */
export async function measureResume(session: LongSession, dbPath: string): Promise<{ms: number; longestHoldMs: number}> {
	const db = openDatabase(dbPath);
	const settings = config();
	const hub = createSessionHub({createEngine: () => createEngine(settings)});
	const ingest = createIngest(db, hub, {prices: settings.prices});
	const turns = session.requests / REQUESTS_PER_TURN + 1;
	let longestHoldMs = 0;
	let tickMs = performance.now();
	const ticker = setInterval(() => {
		const nowMs = performance.now();
		longestHoldMs = Math.max(longestHoldMs, nowMs - tickMs);
		tickMs = nowMs;
	}, 1);
	await sleep(5);
	const started = performance.now();
	tickMs = started;
	ingest.storeMany([session.nextTurnLogs]);
	longestHoldMs = Math.max(longestHoldMs, performance.now() - tickMs);
	while (hub.getSession(session.conversationId)?.turns.length !== turns) {
		// eslint-disable-next-line no-await-in-loop
		await sleep(1);
	}

	const ms = performance.now() - started;
	clearInterval(ticker);
	hub.close();
	db.close();
	return {ms, longestHoldMs};
}

/**
 * `serve` restarted on the stored session; a real logs request of that conversation arrives (so the session resumes
 * from its history) while another sender posts real requests of its own every 10 ms: that sender's acknowledgements
 * from just before the resume until it is answered, and the resuming request's own.
 */
export async function measureResumeUnderLoad(dbPath: string): Promise<NonNullable<LongSessionFigure['otherSender']>> {
	const serve = await startServeProcess(dbPath);
	const workload = loadWorkload();
	const resumeRequest = loadCaptureFrom('codex-0.171.0', 'tui-session').find(request => request.path.endsWith('/v1/logs'))!;
	const acks: number[] = [];
	let sending = true;
	const other = (async () => {
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		for (let position = 0; sending; position++) {
			const template = workload[position % workload.length]!;
			const started = performance.now();
			// eslint-disable-next-line no-await-in-loop
			const status = await post(serve.port, template, replicaBody(template, 9 + Math.floor(position / workload.length)), agent);
			if (status !== 200) {
				throw new Error(`the other sender got ${status}`);
			}

			acks.push(performance.now() - started);
			// eslint-disable-next-line no-await-in-loop
			await sleep(10);
		}

		agent.destroy();
	})();
	// Awaited below; a failure while the resume is awaited must not end the bench as an unhandled rejection.
	other.catch(() => undefined);
	try {
		await sleep(500);
		const from = acks.length;
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		const started = performance.now();
		const status = await post(serve.port, resumeRequest, resumeRequest.body, agent);
		const resumeAckMs = performance.now() - started;
		agent.destroy();
		if (status !== 200) {
			throw new Error(`the resuming request got ${status}`);
		}

		await sleep(300);
		sending = false;
		await other;
		const during = acks.slice(Math.max(0, from - 1)).sort((a, b) => a - b);
		return {acks: during.length, p99Ms: during[Math.min(during.length - 1, Math.ceil(0.99 * during.length) - 1)]!, maxMs: during.at(-1)!, resumeAckMs};
	} finally {
		sending = false;
		await other.catch(() => undefined);
		await serve.stop();
	}
}

/** The live screen on the stored session: Enter on it in the list → its first frame, then `j` keys → the next frame each; RSS after. */
export async function measureScreen(session: LongSession, dbPath: string, keys: number): Promise<NonNullable<LongSessionFigure['screen']>> {
	const terminal = startTerminal(['--db', dbPath, '--port', '0']);
	try {
		await terminal.waitFor(screen => FIRST_FRAME(screen) && screen.includes(shortConversationId(session.conversationId)), {timeoutMs: 60_000});
		await sleep(300);
		const enterIndex = terminal.outputs.length;
		const enterAtMs = performance.now();
		terminal.type('\r');
		const opened = await terminal.waitFor(screen => screen.includes('tokens per turn'), {fromIndex: enterIndex, timeoutMs: 600_000});
		await sleep(500);
		const keyMs: number[] = [];
		for (let key = 0; key < keys; key++) {
			const index = terminal.outputs.length;
			const keyAtMs = performance.now();
			terminal.type('j');
			// eslint-disable-next-line no-await-in-loop
			const frame = await terminal.nextOutput(index, 600_000);
			keyMs.push(frame.atMs - keyAtMs);
			// eslint-disable-next-line no-await-in-loop
			await sleep(120);
		}

		const rss = rssBytes(terminal.pid());
		keyMs.sort((a, b) => a - b);
		return {openMs: opened.atMs - enterAtMs, keyP99Ms: keyMs[Math.min(keyMs.length - 1, Math.ceil(0.99 * keyMs.length) - 1)]!, keyP50Ms: keyMs[Math.floor(keyMs.length / 2)]!, keys: keyMs.length, rssBytes: rss};
	} finally {
		await terminal.stop();
	}
}

/**
 * One size: store the session (ingest per 1,000 events, first vs last tenth), then, unless `ingestOnly`, `show --json`,
 * `export`, the live screen, a resume in-process and a resume in `serve` beside another sender.
 */
export async function measureLongSession(requests: number, options: {ingestOnly?: boolean; mergedLiveOnly?: boolean; screen?: boolean; log?: (text: string) => void} = {}): Promise<LongSessionFigure> {
	const log = options.log ?? (() => undefined);
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-long-'));
	const dbPath = path.join(directory, 'long.db');
	try {
		// Warm up first (JIT, SQLite's page cache), or the first tenth would be slower for that alone.
		measureLongIngest(generateLongSession(200), path.join(directory, 'warm-up.db'));
		const session = generateLongSession(requests);
		const ingest = measureLongIngest(session, dbPath);
		log(`long session ${requests.toLocaleString('en-US')} requests: ingest ${ingest.events.toLocaleString('en-US')} events in ${ingest.seconds.toFixed(1)} s (${Math.round(ingest.eventsPerSecond)} events/s); per 1,000 events first 10 % ${ingest.firstTenthMsPer1000.toFixed(0)} ms, last 10 % ${ingest.lastTenthMsPer1000.toFixed(0)} ms (${ingest.ratio.toFixed(2)}x)`);
		const figure: LongSessionFigure = {ingest};
		if (options.ingestOnly) {
			return figure;
		}

		figure.mergedLive = measureMergedLive(requests, directory);
		logMergedLive(figure.mergedLive, log);
		if (options.mergedLiveOnly) {
			return figure;
		}

		const id = session.conversationId;
		figure.showMs = timeCli(['show', id, '--json', '--db', dbPath]);
		figure.exportMs = timeCli(['export', id, '--db', dbPath, '--output', path.join(directory, 'export.json')]);
		log(`long session ${requests.toLocaleString('en-US')} requests: show --json ${figure.showMs.toFixed(0)} ms, export ${figure.exportMs.toFixed(0)} ms`);
		if (options.screen !== false) {
			figure.screen = await measureScreen(session, dbPath, 30);
			log(`long session ${requests.toLocaleString('en-US')} requests: live screen open ${figure.screen.openMs.toFixed(0)} ms, key p50 ${figure.screen.keyP50Ms.toFixed(0)} ms, p99 ${figure.screen.keyP99Ms.toFixed(0)} ms over ${figure.screen.keys} keys, RSS ${(figure.screen.rssBytes / 2 ** 20).toFixed(0)} MiB`);
		}

		const copy = path.join(directory, 'resume.db');
		fs.copyFileSync(dbPath, copy);
		figure.resume = await measureResume(session, copy);
		figure.otherSender = await measureResumeUnderLoad(dbPath);
		log(`long session ${requests.toLocaleString('en-US')} requests: resume after a restart ${figure.resume.ms.toFixed(0)} ms in-process, the event loop held at most ${figure.resume.longestHoldMs.toFixed(0)} ms at a time; in serve the resuming request is answered in ${figure.otherSender.resumeAckMs.toFixed(0)} ms, another sender's p99 ack meanwhile ${figure.otherSender.p99Ms.toFixed(0)} ms (max ${figure.otherSender.maxMs.toFixed(0)} ms, ${figure.otherSender.acks} acks)`);
		return figure;
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
}

function logMergedLive(figure: MergedLiveFigure, log: (text: string) => void): void {
	log(`long session ${figure.requests.toLocaleString('en-US')} requests after an imported rollout: per live batch ${figure.meanMs.toFixed(1)} ms mean, ${figure.p50Ms.toFixed(1)} ms p50, ${figure.maxMs.toFixed(1)} ms max over ${figure.batches} batches${figure.rebuilds === undefined ? '' : ` (${figure.rebuilds} merged again)`}`);
}

/**
 * Alone: `node --import tsx test/bench/long-session.ts [1000 10000 30000] [--ingest-only=30000] [--no-screen] [--json]`;
 * `--merged-live-only`: just the live batches after an imported rollout (no ingest timing, no CLI: no build needed).
 * (build first: show, export, serve and the screen run the built CLI).
 */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const sizes = args.filter(arg => /^\d+$/.test(arg)).map(Number);
	const ingestOnly = new Set((args.find(arg => arg.startsWith('--ingest-only='))?.split('=')[1] ?? '').split(',').filter(Boolean).map(Number));
	const figures: Record<number, LongSessionFigure | MergedLiveFigure> = {};
	if (args.includes('--merged-live-only')) {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-merged-'));
		try {
			// Warm-up, as for the ingest.
			measureMergedLive(200, directory);
			for (const requests of sizes.length > 0 ? sizes : [1000, 10_000]) {
				const figure = measureMergedLive(requests, directory);
				figures[requests] = figure;
				logMergedLive(figure, text => process.stderr.write(`${text}\n`));
			}
		} finally {
			fs.rmSync(directory, {recursive: true, force: true});
		}
	}

	for (const requests of args.includes('--merged-live-only') ? [] : sizes.length > 0 ? sizes : [1000, 10_000, 30_000]) {
		// eslint-disable-next-line no-await-in-loop
		figures[requests] = await measureLongSession(requests, {ingestOnly: ingestOnly.has(requests) || (sizes.length === 0 && requests === 30_000), screen: !args.includes('--no-screen'), log: text => process.stderr.write(`${text}\n`)});
	}

	if (args.includes('--json')) {
		process.stdout.write(`${JSON.stringify(figures, undefined, 2)}\n`);
	}
}
