import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {startServeProcess} from './serve-process.js';
import {replicaBodyInto, type WorkloadRequest} from './workload.js';

export type IngestFigure = {senders: number; requests: number; records: number; seconds: number; recordsPerSecond: number};

/**
 * Posts the workload over keep-alive connections from `senders` concurrent loops for `seconds`, through a
 * real `codexmon serve` (decode, normalise, commit to SQLite, update sessions), counting acknowledged records.
 */
export async function measureIngest(workload: WorkloadRequest[], senders: number, seconds: number): Promise<IngestFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-'));
	const serve = await startServeProcess(path.join(directory, 'bench.db'));
	let next = 0;
	let requests = 0;
	let records = 0;
	const deadline = performance.now() + seconds * 1000;
	const started = performance.now();
	const largest = Math.max(...workload.map(request => request.body.length));
	const loop = async () => {
		const agent = new http.Agent({keepAlive: true, maxSockets: 1});
		const scratch = Buffer.allocUnsafe(largest);
		while (performance.now() < deadline) {
			const position = next++;
			const template = workload[position % workload.length]!;
			const body = replicaBodyInto(scratch, template, 1 + Math.floor(position / workload.length));
			const status = await post(serve.port, template, body, agent);
			if (status === 200) {
				requests++;
				records += template.items;
			} else {
				throw new Error(`ingest: ${template.path} answered ${status}`);
			}
		}

		agent.destroy();
	};

	await Promise.all(Array.from({length: senders}, loop));
	const elapsed = (performance.now() - started) / 1000;
	await serve.stop();
	fs.rmSync(directory, {recursive: true, force: true});
	return {senders, requests, records, seconds: elapsed, recordsPerSecond: records / elapsed};
}

export async function post(port: number, template: {path: string; contentType: string}, body: Buffer, agent: http.Agent): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.request({host: '127.0.0.1', port, path: template.path, method: 'POST', agent, headers: {'content-type': template.contentType, 'content-length': body.length}}, response => {
			response.resume();
			response.on('end', () => {
				resolve(response.statusCode ?? 0);
			});
		});
		request.on('error', reject);
		request.end(body);
	});
}
