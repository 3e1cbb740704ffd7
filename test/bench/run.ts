import os from 'node:os';
import {measureBigSession} from './big-session.js';
import {measureColdStart, measureNodeBoot} from './cold-start.js';
import {measureCpu} from './cpu.js';
import {measureBigImport, measureHistoryImport} from './import-history.js';
import {measureIngest, type IngestFigure} from './ingest.js';
import {measureLatency} from './latency.js';
import {measureLimit, type LimitFigure} from './limit.js';
import {measureLongSession, type LongSessionFigure} from './long-session.js';
import {measureMemory} from './memory.js';
import {measureReplay} from './replay.js';
import {measureStatusLine} from './status-line.js';
import {loadWorkload} from './workload.js';

/**
 * `npm run bench [-- --json] [-- --quick]`: codexmon against the machine's limit and its targets, in one
 * run. Each figure says how it was measured; medians over runs where the machine's speed drifts.
 */
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const runs = quick ? 1 : 3;
const log = (text: string) => {
	if (!args.has('--json')) {
		process.stderr.write(`${text}\n`);
	}
};

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)]!;
};

const repeat = async <T>(count: number, measure: (run: number) => Promise<T> | T): Promise<T[]> => {
	const results: T[] = [];
	for (let run = 0; run < count; run++) {
		// eslint-disable-next-line no-await-in-loop
		results.push(await measure(run));
	}

	return results;
};

/** Import at real sizes: a 1 GiB rollout (peak memory) and a 2,000-file history (speed, beside ccusage when installed). */
async function importSection() {
	const big = await measureBigImport((quick ? 256 : 1024) * 2 ** 20);
	log(`import, one ${(big.fileBytes / 2 ** 30).toFixed(2)} GiB rollout: ${(big.ms / 1000).toFixed(1)} s (${big.mibPerSecond.toFixed(0)} MiB/s), peak RSS ${(big.peakRssBytes / 2 ** 20).toFixed(0)} MiB`);
	const ccusage = process.env.CCUSAGE_BIN;
	const history = await measureHistoryImport(quick ? 600 : 2000, quick ? 1 : 3, ccusage);
	log(`import, ${history.files} files (${(history.bytes / 2 ** 20).toFixed(0)} MiB): first ${history.firstImportMs.toFixed(0)} ms, again unchanged ${history.reimportMs.toFixed(0)} ms, plain report ${history.reportMs.toFixed(0)} ms${history.ccusageMs === undefined ? ' (set CCUSAGE_BIN to time `ccusage codex daily` beside it)' : `, ccusage codex daily ${history.ccusageMs.toFixed(0)} ms (ratio ${(history.firstImportMs / history.ccusageMs).toFixed(1)}x)`}`);
	return {big, history};
}

/**
 * One conversation of 1,000 / 10,000 / 30,000 model requests shaped as Codex sends them: cost per event flat, and
 * rebuilds from history (show, export, the screen, a resume) linear. 30,000 is ingest only (the rest scales from 10,000).
 */
async function longSessionSection() {
	const figures: Record<number, LongSessionFigure> = {};
	for (const requests of quick ? [1000, 10_000] : [1000, 10_000, 30_000]) {
		// eslint-disable-next-line no-await-in-loop
		figures[requests] = await measureLongSession(requests, {ingestOnly: requests === 30_000, log});
	}

	return figures;
}

if (args.has('--long-session-only')) {
	const figures = await longSessionSection();
	if (args.has('--json')) {
		process.stdout.write(`${JSON.stringify(figures, undefined, 2)}\n`);
	}

	process.exit(0);
}

if (args.has('--import-only')) {
	const figures = await importSection();
	if (args.has('--json')) {
		process.stdout.write(`${JSON.stringify(figures, undefined, 2)}\n`);
	}

	process.exit(0);
}

const importFigures = await importSection();
const workload = loadWorkload();
log(`workload: ${workload.length} real Codex requests (${workload.reduce((sum, request) => sum + request.items, 0)} records) from ${new Set(workload.map(request => request.contentType)).size} encodings`);

// 1. Ingest against the limit, the limit measured on both sides so a drifting machine shows in neither alone.
// Each ingest run is paired with a limit run just before it and the ratio taken per pair, so a machine whose
// speed drifts between minutes (this one's limit moves by 1.5x) moves both sides of a ratio alike.
const limitRuns: LimitFigure[] = [];
const ingest: Array<IngestFigure & {ratio: number}> = [];
for (const senders of [1, 4, 16]) {
	// eslint-disable-next-line no-await-in-loop
	const pairs = await repeat(quick ? 1 : 5, async () => {
		const limitRun = measureLimit(workload, quick ? 2 : 5);
		limitRuns.push(limitRun);
		const figure = await measureIngest(workload, senders, quick ? 3 : 6);
		return {...figure, ratio: figure.recordsPerSecond / limitRun.recordsPerSecond};
	});
	const recordsPerSecond = median(pairs.map(pair => pair.recordsPerSecond));
	const ratio = median(pairs.map(pair => pair.ratio));
	ingest.push({...(pairs.find(pair => pair.recordsPerSecond === recordsPerSecond) ?? pairs[0]!), recordsPerSecond, ratio});
	log(`ingest, ${senders} senders: ${Math.round(recordsPerSecond)} records/s, ratio to the limit ${ratio.toFixed(2)} (pairs: ${pairs.map(pair => pair.ratio.toFixed(2)).join(', ')})`);
}

const limitRecordsPerSecond = median(limitRuns.map(run => run.recordsPerSecond));
const limit = limitRuns.find(run => run.recordsPerSecond === limitRecordsPerSecond) ?? limitRuns[0]!;
log(`limit: ${Math.round(limitRecordsPerSecond)} records/s, median of ${limitRuns.length} (decode ${limit.decodeSeconds.toFixed(2)} s + insert ${limit.insertSeconds.toFixed(2)} s of ${limit.rows} rows)`);

// 2. Event to screen.
const latencyBySpeed = [];
for (const speed of [1, 10]) {
	// eslint-disable-next-line no-await-in-loop
	const figures = await repeat(runs, async run => measureLatency(workload, speed, quick ? 5000 : 15_000, 100 * speed + run));
	const samples = figures.flatMap(figure => figure.latenciesMs);
	latencyBySpeed.push({speed, requests: samples.length, p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), maxMs: Math.max(...samples)});
	log(`latency at ${speed}x Codex's cadence: p50 ${percentile(samples, 50).toFixed(0)} ms, p99 ${percentile(samples, 99).toFixed(0)} ms over ${samples.length} requests`);
}

// 3. Big session.
const bigRuns = await repeat(runs, async () => measureBigSession(quick ? 20 : 40));
const bigFirstFrameMs = median(bigRuns.map(run => run.firstFrameMs));
const redraws = bigRuns.flatMap(run => run.redrawMs);
log(`big session: first frame ${bigFirstFrameMs.toFixed(0)} ms after Enter; redraw p50 ${percentile(redraws, 50).toFixed(0)} ms, p99 ${percentile(redraws, 99).toFixed(0)} ms over ${redraws.length} keys`);

// 4. CPU.
const cpuRuns = await repeat(quick ? 1 : 2, async () => measureCpu(workload, quick ? 3 : 10, quick ? 4 : 10));
const cpu = {idlePercent: median(cpuRuns.map(run => run.idlePercent)), fiveSessionsPercent: median(cpuRuns.map(run => run.fiveSessionsPercent)), idleSeconds: cpuRuns[0]!.idleSeconds, fiveSessionsSeconds: cpuRuns[0]!.fiveSessionsSeconds};
log(`cpu: idle ${cpu.idlePercent.toFixed(2)} % of a core, 5 sessions at Codex's cadence ${cpu.fiveSessionsPercent.toFixed(1)} %`);

// 5. Memory and disk.
const memory = await measureMemory(workload, quick ? 100_000 : 1_000_000);
log(`memory: RSS ${(memory.rssBytesAfter / 2 ** 20).toFixed(0)} MiB after ${memory.logRecords} log records; db ${(memory.dbBytes / 2 ** 20).toFixed(1)} MiB, ${memory.bytesPerRecord.toFixed(0)} B per log record`);

// 6. Replay and cold start.
const replay = await measureReplay(50_000, quick ? 1 : 5);
const replayStartMs = median(replay.startMs);
log(`replay: first frame ${replayStartMs.toFixed(0)} ms after spawning a replay of ${replay.events} events`);
// Warm the code cache (the first start after a build writes it), then alternate the three so drift hits all alike.
await measureColdStart();
const coldStarts: number[] = [];
const firstStarts: number[] = [];
const nodeBoots: number[] = [];
for (let run = 0; run < (quick ? 1 : 7); run++) {
	/* eslint-disable no-await-in-loop */
	coldStarts.push(await measureColdStart());
	firstStarts.push(await measureColdStart({codeCache: false}));
	nodeBoots.push(measureNodeBoot());
	/* eslint-enable no-await-in-loop */
}

const coldStartMs = median(coldStarts);
const nodeBootMs = median(nodeBoots);
log(`cold start: first frame ${coldStartMs.toFixed(0)} ms after spawn (${median(firstStarts).toFixed(0)} ms without the code cache, as the first start after installing); node -e 0 takes ${nodeBootMs.toFixed(0)} ms`);

// 7. The tmux status line: what tmux pays every status-interval, against Node's own start in the same run.
const statusLine = await measureStatusLine(quick ? 5 : 21);
const statusNodeMs = median(statusLine.nodeMs);
const statusReceiverMs = median(statusLine.receiverMs);
const statusDatabaseMs = median(statusLine.databaseMs);
log(`status line: ${statusReceiverMs.toFixed(0)} ms asking the receiver, ${statusDatabaseMs.toFixed(0)} ms reading the database; node -e 0 takes ${statusNodeMs.toFixed(0)} ms`);

// 8. A long session.
const longSession = await longSessionSection();
const long1k = longSession[1000]!;
const long10k = longSession[10_000]!;
const longLargest = longSession[30_000] ?? long10k;
const perRequestGrowth = (small: number | undefined, large: number | undefined) => small && large ? (large / 10) / small : Number.NaN;

const sixteen = ingest.find(figure => figure.senders === 16)!;
const latency = latencyBySpeed.find(figure => figure.speed === 1)!;
const latency10 = latencyBySpeed.find(figure => figure.speed === 10)!;
const result = {
	machine: {cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage: os.loadavg()[0] ?? 0, quick},
	ingest: {ratio: sixteen.ratio, recordsPerSecond: sixteen.recordsPerSecond, bySenders: ingest},
	limit: {recordsPerSecond: limitRecordsPerSecond, decodeSeconds: limit.decodeSeconds, insertSeconds: limit.insertSeconds, rows: limit.rows, records: limit.records},
	latency: {p50Ms: latency.p50Ms, p99Ms: latency.p99Ms, requests: latency.requests, maxMs: latency.maxMs, tenfold: latency10},
	bigSession: {firstFrameMs: bigFirstFrameMs, redrawP99Ms: percentile(redraws, 99), redrawP50Ms: percentile(redraws, 50), redraws: redraws.length, startToListMs: median(bigRuns.map(run => run.startToListMs))},
	cpu,
	memory: {rssBytesAfter1M: memory.rssBytesAfter, rssBytesBefore: memory.rssBytesBefore, logRecords: memory.logRecords},
	disk: {bytesPerRecord: memory.bytesPerRecord, bytesPerStoredEvent: memory.bytesPerStoredEvent, dbBytes: memory.dbBytes, storedEvents: memory.storedEvents},
	replay: {startMs: replayStartMs, events: replay.events, runs: replay.startMs},
	coldStartMs,
	coldStartRuns: coldStarts,
	coldStart: {ms: coldStartMs, withoutCodeCacheMs: median(firstStarts), nodeBootMs, overNodeBoot: coldStartMs / nodeBootMs},
	import: importFigures,
	longSession,
	statusLine: {receiverMs: statusReceiverMs, databaseMs: statusDatabaseMs, nodeBootMs: statusNodeMs, overNodeBoot: statusReceiverMs / statusNodeMs, databaseOverNodeBoot: statusDatabaseMs / statusNodeMs},
};

if (args.has('--json')) {
	process.stdout.write(`${JSON.stringify(result, undefined, 2)}\n`);
} else {
	const ms = (value: number) => `${value.toFixed(0)} ms`;
	const mib = (value: number) => `${(value / 2 ** 20).toFixed(0)} MiB`;
	const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')} records/s`;
	const check = (pass: boolean) => pass ? 'pass' : 'MISS';
	const rows: string[][] = [
		['section', 'figure', 'result', 'target', '', 'how measured'],
		['ingest', 'ingest / limit, 16 senders', result.ingest.ratio.toFixed(2), '>= 0.5', check(result.ingest.ratio >= 0.5), `acknowledged records/s through \`serve\` over HTTP keep-alive / decode-only + insert-only in-process just before; median of ${quick ? 1 : 5} pairs`],
		...ingest.map(figure => ['ingest', `${figure.senders} sender${figure.senders === 1 ? '' : 's'}`, `${perSecond(figure.recordsPerSecond)} (${figure.ratio.toFixed(2)})`, '', '', `real captures, ids rewritten per replica; median of ${quick ? 1 : 5}`]),
		['ingest', 'limit (decode + insert)', perSecond(limitRecordsPerSecond), '', '', 'protobufjs/JSON decode of the same bodies + batched SQLite inserts of the same rows'],
		['latency', 'POST 200 → frame, p50', ms(latency.p50Ms), '', '', `${latency.requests} requests at Codex's cadence, status bar count read from the terminal`],
		['latency', 'POST 200 → frame, p99', ms(latency.p99Ms), '< 250 ms', check(latency.p99Ms < 250), 'same'],
		['latency', 'at 10x cadence, p50 / p99', `${ms(latency10.p50Ms)} / ${ms(latency10.p99Ms)}`, '< 250 ms', check(latency10.p99Ms < 250), `${latency10.requests} requests`],
		['big session', 'open (Enter → first frame)', ms(result.bigSession.firstFrameMs), '< 300 ms', check(result.bigSession.firstFrameMs < 300), '5,477-span tui-session stored by ingest, opened from the list; median'],
		['big session', 'scroll redraw p99', ms(result.bigSession.redrawP99Ms), '< 50 ms', check(result.bigSession.redrawP99Ms < 50), `\`j\` → next frame written, ${redraws.length} keys`],
		['cpu', 'live screen idle', `${cpu.idlePercent.toFixed(2)} %`, '< 1 %', check(cpu.idlePercent < 1), `/proc utime+stime over ${cpu.idleSeconds.toFixed(0)} s`],
		['cpu', '5 sessions at Codex\'s cadence', `${cpu.fiveSessionsPercent.toFixed(1)} %`, '', '', `same, over ${cpu.fiveSessionsSeconds.toFixed(0)} s`],
		['memory', `RSS after ${(memory.logRecords / 1e6).toFixed(1)}M log records`, mib(memory.rssBytesAfter), '< 150 MiB', check(memory.rssBytesAfter < 150 * 2 ** 20), '/proc VmRSS of `serve` after ingest'],
		['disk', 'bytes per log record', `${memory.bytesPerRecord.toFixed(0)} B`, '', '', 'db + wal after shutdown / log records'],
		['replay', `start, ${Math.round(replay.events / 1000)}k events`, ms(replayStartMs), '< 500 ms', check(replayStartMs < 500), 'spawn `codexmon replay` → first frame; median'],
		['cold start', 'spawn → first frame', ms(coldStartMs), '< 400 ms', check(coldStartMs < 400), `live screen, empty db; median of ${coldStarts.length}`],
		['cold start', 'without the code cache', ms(result.coldStart.withoutCodeCacheMs), '', '', 'the first start after installing or a Node upgrade (CODEXMON_CODE_CACHE=0)'],
		['cold start', 'node -e 0 on this machine', ms(nodeBootMs), '', '', `cold start is ${result.coldStart.overNodeBoot.toFixed(1)}x Node's own boot`],
		['import', `one ${(importFigures.big.fileBytes / 2 ** 30).toFixed(2)} GiB rollout, peak RSS`, mib(importFigures.big.peakRssBytes), '< 100 MiB', check(importFigures.big.peakRssBytes < 100 * 2 ** 20), `VmHWM of \`codexmon import\`; ${importFigures.big.mibPerSecond.toFixed(0)} MiB/s; generated from the captures' lines, 90% compacted records as real big rollouts`],
		['import', `first import, ${importFigures.history.files} files`, ms(importFigures.history.firstImportMs), importFigures.history.ccusageMs === undefined ? '' : '<= 3x ccusage', importFigures.history.ccusageMs === undefined ? '' : check(importFigures.history.firstImportMs <= 3 * importFigures.history.ccusageMs), importFigures.history.ccusageMs === undefined ? 'spawned CLI; set CCUSAGE_BIN for ccusage beside it' : `ccusage codex daily ${ms(importFigures.history.ccusageMs)} on the same home`],
		['import', 'again, unchanged', ms(importFigures.history.reimportMs), '<= 1.5x report', check(importFigures.history.reimportMs <= 1.5 * importFigures.history.reportMs), `plain report ${ms(importFigures.history.reportMs)}`],
		['status line', 'codexmon status, receiver running', `${ms(statusReceiverMs)} (${result.statusLine.overNodeBoot.toFixed(2)}x)`, '<= 1.5x node -e 0', check(result.statusLine.overNodeBoot <= 1.5), `spawn → exit, live loop session; median of ${statusLine.receiverMs.length}, alternating with node -e 0 (${ms(statusNodeMs)})`],
		['status line', 'codexmon status, database only', `${ms(statusDatabaseMs)} (${result.statusLine.databaseOverNodeBoot.toFixed(2)}x)`, '', '', 'the same with the receiver stopped (better-sqlite3 loaded)'],
		['long session', `ingest, last / first 10 % per 1,000 events at ${longLargest.ingest.requests.toLocaleString('en-US')} requests`, `${longLargest.ingest.ratio.toFixed(2)}x`, '<= 1.3x', check(longLargest.ingest.ratio <= 1.3), `${longLargest.ingest.lastTenthMsPer1000.toFixed(0)} vs ${longLargest.ingest.firstTenthMsPer1000.toFixed(0)} ms; one conversation shaped as Codex 0.171.0 sends it, through serve's ingest in-process`],
		['long session', 'show --json, 10k vs 1k per request', `${perRequestGrowth(long1k.showMs, long10k.showMs).toFixed(2)}x`, '<= 2x', check(perRequestGrowth(long1k.showMs, long10k.showMs) <= 2), `${ms(long10k.showMs ?? Number.NaN)} vs ${ms(long1k.showMs ?? Number.NaN)}; spawned CLI`],
		['long session', 'export, 10k vs 1k per request', `${perRequestGrowth(long1k.exportMs, long10k.exportMs).toFixed(2)}x`, '<= 2x', check(perRequestGrowth(long1k.exportMs, long10k.exportMs) <= 2), `${ms(long10k.exportMs ?? Number.NaN)} vs ${ms(long1k.exportMs ?? Number.NaN)}; spawned CLI`],
		['long session', 'open from the list, 10k vs 1k per request', `${perRequestGrowth(long1k.screen?.openMs, long10k.screen?.openMs).toFixed(2)}x`, '<= 2x', check(perRequestGrowth(long1k.screen?.openMs, long10k.screen?.openMs) <= 2), `${ms(long10k.screen?.openMs ?? Number.NaN)} vs ${ms(long1k.screen?.openMs ?? Number.NaN)}; Enter → first frame`],
		['long session', 'resume after a restart, 10k vs 1k per request', `${perRequestGrowth(long1k.resume?.ms, long10k.resume?.ms).toFixed(2)}x`, '<= 2x', check(perRequestGrowth(long1k.resume?.ms, long10k.resume?.ms) <= 2), `${ms(long10k.resume?.ms ?? Number.NaN)} until whole; event loop held at most ${ms(long10k.resume?.longestHoldMs ?? Number.NaN)} at a time`],
		['long session', 'another sender\'s p99 ack while 10k resumes', ms(long10k.otherSender?.p99Ms ?? Number.NaN), '', '', `serve; the resuming request answered in ${ms(long10k.otherSender?.resumeAckMs ?? Number.NaN)}`],
		['long session', 'key response p99 at 10k requests', ms(long10k.screen?.keyP99Ms ?? Number.NaN), '< 50 ms', check((long10k.screen?.keyP99Ms ?? Number.POSITIVE_INFINITY) < 50), `\`j\` → next frame, ${long10k.screen?.keys ?? 0} keys`],
		['long session', 'live screen RSS at 10k requests', mib(long10k.screen?.rssBytes ?? Number.NaN), '< 150 MiB', check((long10k.screen?.rssBytes ?? Number.POSITIVE_INFINITY) < 150 * 2 ** 20), '/proc VmRSS after the keys'],
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	const lines = rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
	process.stdout.write(`${lines.join('\n')}\n${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}, load average ${result.machine.loadAverage.toFixed(1)}\n`);
}
