import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {post} from './ingest.js';
import {codexSchedule, portOf} from './latency.js';
import {cpuMs} from './serve-process.js';
import {startTerminal} from './terminal.js';
import {replicaBody, type WorkloadRequest} from './workload.js';

export type CpuFigure = {idlePercent: number; idleSeconds: number; fiveSessionsPercent: number; fiveSessionsSeconds: number};

/**
 * CPU time of the `codexmon` process (user + system, /proc/<pid>/stat) over wall time, in % of one core:
 * the live screen idle (after its first frame and 5 s to settle: V8 runs a one-off GC some seconds after
 * start), then while 5 sessions (distinct conversation ids) arrive concurrently at Codex's cadence.
 */
export async function measureCpu(workload: WorkloadRequest[], idleSeconds: number, busySeconds: number): Promise<CpuFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const terminal = startTerminal(['--db', path.join(directory, 'cpu.db'), '--port', '0']);
	try {
		const port = await portOf(terminal);
		await sleep(5000);
		const pid = terminal.pid();
		const idle = await sampleCpu(pid, async () => sleep(idleSeconds * 1000));
		const agent = new http.Agent({keepAlive: true});
		const schedule = codexSchedule(workload, 1, busySeconds * 1000);
		const busy = await sampleCpu(pid, async () => {
			const startMs = performance.now();
			await Promise.all(Array.from({length: 5}, async (_, session) => Promise.all(schedule.map(async ({atMs, request}) => {
				await sleep(Math.max(0, startMs + atMs - performance.now()));
				await post(port, request, replicaBody(request, 1000 + session), agent);
			}))));
			await sleep(Math.max(0, startMs + busySeconds * 1000 - performance.now()));
		});
		agent.destroy();
		return {idlePercent: idle.percent, idleSeconds: idle.seconds, fiveSessionsPercent: busy.percent, fiveSessionsSeconds: busy.seconds};
	} finally {
		await terminal.stop();
		fs.rmSync(directory, {recursive: true, force: true});
	}
}

async function sampleCpu(pid: number, during: () => Promise<unknown>): Promise<{percent: number; seconds: number}> {
	const startCpu = cpuMs(pid);
	const startMs = performance.now();
	await during();
	const wallMs = performance.now() - startMs;
	return {percent: (cpuMs(pid) - startCpu) / wallMs * 100, seconds: wallMs / 1000};
}
