import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {post} from './ingest.js';
import {rssBytes, startServeProcess} from './serve-process.js';
import {replicaBody, type WorkloadRequest} from './workload.js';

export type MemoryFigure = {logRecords: number; rssBytesAfter: number; rssBytesBefore: number; dbBytes: number; storedEvents: number; bytesPerRecord: number; bytesPerStoredEvent: number};

/** Posts real log batches (distinct sessions) until `target` log records are in, then reads RSS and the db size. `nodeArgs` for A/B runs of V8 flags. */
export async function measureMemory(workload: WorkloadRequest[], target: number, nodeArgs: string[] = []): Promise<MemoryFigure> {
	const logs = workload.filter(request => request.signal === 'logs' && request.logRecords > 0);
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const dbPath = path.join(directory, 'memory.db');
	const serve = await startServeProcess(dbPath, [], nodeArgs);
	const rssBytesBefore = rssBytes(serve.child.pid!);
	let logRecords = 0;
	let next = 0;
	const loop = async () => {
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		while (logRecords < target) {
			const position = next++;
			const template = logs[position % logs.length]!;
			const status = await post(serve.port, template, replicaBody(template, 1 + Math.floor(position / logs.length)), agent);
			if (status !== 200) {
				throw new Error(`memory: ${status}`);
			}

			logRecords += template.logRecords;
		}

		agent.destroy();
	};

	await Promise.all(Array.from({length: 4}, loop));
	const rssBytesAfter = rssBytes(serve.child.pid!);
	await serve.stop();
	const dbBytes = ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (fs.existsSync(dbPath + suffix) ? fs.statSync(dbPath + suffix).size : 0), 0);
	const {default: Database} = await import('better-sqlite3');
	const db = new Database(dbPath, {readonly: true});
	const storedEvents = (db.prepare('SELECT count(*) AS count FROM events').get() as {count: number}).count;
	db.close();
	fs.rmSync(directory, {recursive: true, force: true});
	return {logRecords, rssBytesBefore, rssBytesAfter, dbBytes, storedEvents, bytesPerRecord: dbBytes / logRecords, bytesPerStoredEvent: dbBytes / storedEvents};
}
