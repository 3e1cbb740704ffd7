import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, expect, test} from 'vitest';
import {batchDigest} from '../../source/app/ingest.js';
import {post} from '../bench/ingest.js';
import {loadWorkload, replicaBody} from '../bench/workload.js';
import {runCli, startServe, temporaryDirectory} from '../helpers/cli.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

test('20 concurrent senders of Codex-shaped batches: nothing refused, nothing lost', async () => {
	const db = path.join(directory, 'load.db');
	const served = await startServe(['--db', db]);
	const workload = loadWorkload(['exec-loop', 'exec-tool', 'tui-session']);
	let next = 0;
	let acknowledged = 0;
	// Some captured bodies carry no ids (a process's own metrics): their copies are the same request.
	const digests = new Set<string>();
	const refused: number[] = [];
	const deadline = Date.now() + 4000;
	await Promise.all(Array.from({length: 20}, async () => {
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		while (Date.now() < deadline) {
			const position = next++;
			const template = workload[position % workload.length]!;
			const body = replicaBody(template, 1 + Math.floor(position / workload.length));
			const status = await post(served.port, template, body, agent);
			if (status === 200) {
				acknowledged++;
				digests.add(batchDigest(template.signal, body).toString('hex'));
			} else {
				refused.push(status);
			}
		}

		agent.destroy();
	}));
	await served.stop();
	expect(refused).toEqual([]);
	expect(acknowledged).toBeGreaterThan(100);
	const connection = new Database(db, {readonly: true});
	const stored = new Set((connection.prepare('SELECT lower(hex(digest)) AS digest FROM batches').all() as Array<{digest: string}>).map(row => row.digest));
	expect(stored).toEqual(digests);
	connection.close();
	// Each replica of each capture is its own session, listed.
	const sessions = JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as unknown[];
	expect(sessions.length).toBeGreaterThan(3);
}, 60_000);
