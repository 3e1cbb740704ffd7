import os from 'node:os';
import {measureIngest, type IngestFigure} from './ingest.js';
import {measureLimit} from './limit.js';
import {measureMemory} from './memory.js';
import {loadWorkload} from './workload.js';

/**
 * `npm run bench [-- --json] [-- --quick]`: codexmon against the machine's limit, in one run.
 * Each figure says how it was measured; medians over rounds where the machine's speed drifts.
 */
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const log = (text: string) => {
	if (!args.has('--json')) {
		process.stderr.write(`${text}\n`);
	}
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const workload = loadWorkload();
log(`workload: ${workload.length} real Codex requests (${workload.reduce((sum, request) => sum + request.items, 0)} records) from ${new Set(workload.map(request => request.contentType)).size} encodings`);

const limitRuns = Array.from({length: 3}, () => measureLimit(workload, quick ? 2 : 5));
const limit = limitRuns.sort((a, b) => a.recordsPerSecond - b.recordsPerSecond)[1]!;
log(`limit: ${Math.round(limit.recordsPerSecond)} records/s (decode ${limit.decodeSeconds.toFixed(2)} s + insert ${limit.insertSeconds.toFixed(2)} s of ${limit.rows} rows)`);

const ingest: IngestFigure[] = [];
for (const senders of [1, 4, 16]) {
	const runs: IngestFigure[] = [];
	for (let round = 0; round < (quick ? 1 : 3); round++) {
		runs.push(await measureIngest(workload, senders, quick ? 3 : 6));
	}

	const figure = runs.sort((a, b) => a.recordsPerSecond - b.recordsPerSecond)[Math.floor(runs.length / 2)]!;
	ingest.push(figure);
	log(`ingest, ${senders} senders: ${Math.round(figure.recordsPerSecond)} records/s (${figure.requests} requests in ${figure.seconds.toFixed(1)} s), ratio ${(figure.recordsPerSecond / limit.recordsPerSecond).toFixed(2)}`);
}

const memory = await measureMemory(workload, quick ? 200_000 : 1_000_000);
log(`memory: RSS ${(memory.rssBytesAfter / 2 ** 20).toFixed(0)} MiB after ${memory.logRecords} log records; db ${(memory.dbBytes / 2 ** 20).toFixed(1)} MiB, ${memory.bytesPerRecord.toFixed(0)} B per log record`);

const sixteen = ingest.find(figure => figure.senders === 16)!;
const result = {
	machine: {cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`},
	ingest: {ratio: sixteen.recordsPerSecond / limit.recordsPerSecond, recordsPerSecond: sixteen.recordsPerSecond, bySenders: ingest},
	limit: {recordsPerSecond: limit.recordsPerSecond, decodeSeconds: limit.decodeSeconds, insertSeconds: limit.insertSeconds, rows: limit.rows, records: limit.records},
	memory: {rssBytesAfter1M: memory.rssBytesAfter, rssBytesBefore: memory.rssBytesBefore, logRecords: memory.logRecords},
	disk: {bytesPerRecord: memory.bytesPerRecord, bytesPerStoredEvent: memory.bytesPerStoredEvent, dbBytes: memory.dbBytes},
};

if (args.has('--json')) {
	process.stdout.write(`${JSON.stringify(result, undefined, 2)}\n`);
} else {
	const rows = [
		['figure', 'value', 'target'],
		['ingest / limit (16 senders)', result.ingest.ratio.toFixed(2), '>= 0.5'],
		...ingest.map(figure => [`ingest, ${figure.senders} sender${figure.senders === 1 ? '' : 's'}`, `${Math.round(figure.recordsPerSecond).toLocaleString('en-US')} records/s`, '']),
		['limit (decode + insert)', `${Math.round(limit.recordsPerSecond).toLocaleString('en-US')} records/s`, ''],
		['RSS after 1M log records', `${(memory.rssBytesAfter / 2 ** 20).toFixed(0)} MiB`, '< 150 MiB'],
		['disk per log record', `${memory.bytesPerRecord.toFixed(0)} B`, ''],
	];
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	process.stdout.write(`${rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')).join('\n')}\n${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}\n`);
}
