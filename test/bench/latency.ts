import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {stripVTControlCharacters} from 'node:util';
import {post} from './ingest.js';
import {FIRST_FRAME} from './cold-start.js';
import {startTerminal, type Terminal} from './terminal.js';
import {replicaBody, type WorkloadRequest} from './workload.js';

/** An idle user's pause in a capture is shortened to this, so a run covers many requests. */
const MAX_GAP_MS = 2000;

export type LatencyFigure = {speed: number; requests: number; latenciesMs: number[]};

/** Codex's own timing: each capture's requests at their captured arrival times, captures one after another. */
export function codexSchedule(workload: WorkloadRequest[], speed: number, maxMs: number): Array<{atMs: number; request: WorkloadRequest}> {
	const schedule: Array<{atMs: number; request: WorkloadRequest}> = [];
	let atMs = 0;
	let previous: WorkloadRequest | undefined;
	for (const request of workload) {
		const gap = previous && request.tMs >= previous.tMs ? request.tMs - previous.tMs : 100;
		atMs += Math.min(gap, MAX_GAP_MS) / speed;
		if (atMs > maxMs) {
			break;
		}

		schedule.push({atMs, request});
		previous = request;
	}

	return schedule;
}

/**
 * The live screen (`codexmon`, in a terminal) receives real requests at Codex's cadence (× speed). For
 * each request: from its 200 to the first frame whose status bar counts it (`req N`), as written to the
 * terminal; the hub's coalescing window and Ink's frame cap are part of what is measured.
 */
export async function measureLatency(workload: WorkloadRequest[], speed: number, maxMs: number, replica: number): Promise<LatencyFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const terminal = startTerminal(['--db', path.join(directory, 'latency.db'), '--port', '0']);
	try {
		const port = await portOf(terminal);
		const shown: Array<{atMs: number; count: number}> = [];
		let scanned = 0;
		const scan = () => {
			for (; scanned < terminal.outputs.length; scanned++) {
				const output = terminal.outputs[scanned]!;
				for (const match of stripVTControlCharacters(output.text).matchAll(/req (\d+) stored/g)) {
					shown.push({atMs: output.atMs, count: Number(match[1])});
				}
			}
		};

		const agent = new http.Agent({keepAlive: true});
		const acks: Array<{atMs: number; count: number}> = [];
		let acknowledged = 0;
		const startMs = performance.now();
		await Promise.all(codexSchedule(workload, speed, maxMs).map(async ({atMs, request}) => {
			await sleep(Math.max(0, startMs + atMs - performance.now()));
			const status = await post(port, request, replicaBody(request, replica), agent);
			if (status !== 200) {
				throw new Error(`latency: ${request.path} answered ${status}`);
			}

			acks.push({atMs: performance.now(), count: ++acknowledged});
		}));
		await sleep(1000);
		agent.destroy();
		scan();
		const latenciesMs = acks.map(ack => {
			const frame = shown.find(entry => entry.count >= ack.count);
			if (!frame) {
				throw new Error(`latency: request ${ack.count} never appeared on the screen`);
			}

			return Math.max(0, frame.atMs - ack.atMs);
		});
		return {speed, requests: acks.length, latenciesMs};
	} finally {
		await terminal.stop();
		fs.rmSync(directory, {recursive: true, force: true});
	}
}

/** The receiver's port, as the live screen's status bar shows it (started with --port 0). */
export async function portOf(terminal: Terminal): Promise<number> {
	let port = 0;
	await terminal.waitFor(screen => {
		const match = /● [\d.]+:(\d+)/.exec(screen);
		port = match ? Number(match[1]) : 0;
		return FIRST_FRAME(screen) && port > 0;
	});
	return port;
}
