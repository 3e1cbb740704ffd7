import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, expect, test} from 'vitest';
import {batchDigest} from '../../source/app/ingest.js';
import {post} from '../bench/ingest.js';
import {loadWorkload, replicaBody} from '../bench/workload.js';
import {startServe, temporaryDirectory} from '../helpers/cli.js';
import {eventsOfRequest} from '../helpers/pipeline.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** Deterministic "random" kill points, so a failure can be reproduced. */
function mulberry32(seed: number) {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/** Four rounds in `npm test`; CODEXMON_KILL_ROUNDS=30 re-measures as the audit did. */
const ROUNDS = Number(process.env.CODEXMON_KILL_ROUNDS ?? 4);

type Acknowledged = {digest: string; events: number; path: string; contentType: string; body: Buffer};

test('every request answered 200 survives kill -9 at any moment, and a resent one is stored once', async () => {
	const db = path.join(directory, 'durable.db');
	const workload = loadWorkload(['exec-loop', 'tui-session', 'exec-tool-json-redacted']);
	const expectedEvents = new Map(workload.map(request => [request, eventsOfRequest(request).length]));
	const random = mulberry32(20_261_125);
	const acknowledged: Acknowledged[] = [];
	let replica = 1;
	for (let round = 0; round < ROUNDS; round++) {
		const served = await startServe(['--db', db]);
		let stop = false;
		const sender = async () => {
			const agent = new http.Agent({keepAlive: true, maxSockets: 1});
			while (!stop) {
				const template = workload[replica % workload.length]!;
				const body = replicaBody(template, 1 + Math.floor(replica++ / workload.length));
				try {
					if (await post(served.port, template, body, agent) === 200) {
						acknowledged.push({digest: batchDigest(template.signal, body).toString('hex'), events: expectedEvents.get(template)!, path: template.path, contentType: template.contentType, body});
					}
				} catch {
					break;
				}
			}

			agent.destroy();
		};

		const senders = Array.from({length: 6}, sender);
		// The kill point is counted in acknowledgements, not in time, so a slow machine moves it nowhere: after
		// 15-50 answered requests of this round, then 0-30 ms on, in the middle of whatever is in flight.
		const killAfter = acknowledged.length + 15 + Math.floor(random() * 36);
		const killDelayMs = random() * 30;
		while (acknowledged.length < killAfter) {
			await new Promise(resolve => {
				setTimeout(resolve, 2);
			});
		}

		await new Promise(resolve => {
			setTimeout(resolve, killDelayMs);
		});
		served.process.kill('SIGKILL');
		stop = true;
		await Promise.all(senders);
		await new Promise(resolve => served.process.once('exit', resolve));
	}

	expect(acknowledged.length).toBeGreaterThan(50);
	const read = () => {
		const connection = new Database(db, {readonly: true});
		const batches = new Map((connection.prepare('SELECT lower(hex(digest)) AS digest, kept, id FROM batches').all() as Array<{digest: string; kept: number; id: number}>).map(row => [row.digest, row]));
		const eventsPerBatch = new Map((connection.prepare('SELECT batch_id, count(*) AS count FROM events GROUP BY batch_id').all() as Array<{batch_id: number; count: number}>).map(row => [row.batch_id, row.count]));
		const totals = connection.prepare('SELECT (SELECT count(*) FROM batches) AS batches, (SELECT count(*) FROM events) AS events').get() as {batches: number; events: number};
		connection.close();
		return {batches, eventsPerBatch, totals};
	};

	const after = read();
	if (process.env.CODEXMON_KILL_ROUNDS) {
		const lost = acknowledged.filter(request => after.batches.get(request.digest)?.kept !== request.events).length;
		process.stderr.write(`kill -9: ${ROUNDS} rounds, ${acknowledged.length} requests acknowledged, ${lost} lost\n`);
	}

	for (const request of acknowledged) {
		const batch = after.batches.get(request.digest);
		expect(batch, `acknowledged request ${request.digest} is missing`).toBeDefined();
		expect(batch!.kept).toBe(request.events);
		expect(after.eventsPerBatch.get(batch!.id) ?? 0).toBe(request.events);
	}

	// Resending what was acknowledged changes nothing.
	const served = await startServe(['--db', db]);
	const agent = new http.Agent({keepAlive: true});
	for (const request of acknowledged.slice(0, 200)) {
		expect(await post(served.port, request, request.body, agent)).toBe(200);
	}

	agent.destroy();
	await served.stop();
	expect(read().totals).toEqual(after.totals);
}, 60_000 + (ROUNDS * 15_000));
