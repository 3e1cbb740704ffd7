import http from 'node:http';
import type {StatusOverview} from '../model/status-overview.js';
import {STATUS_PATH} from '../receiver/status-path.js';

/** What a receiver said: its overview, a refusal (wrong or missing token), or nothing (none there, or not codexmon). */
export type FetchedOverview = {overview: StatusOverview} | {refused: number} | undefined;

/** GET /codexmon/status, given up on after `timeoutMs`: a stopped or wedged receiver must not hang tmux. */
export async function fetchOverview(host: string, port: number, token: string | undefined, timeoutMs: number): Promise<FetchedOverview> {
	return new Promise(resolve => {
		const headers: Record<string, string> = token ? {authorization: `Bearer ${token}`} : {};
		const request = http.request({host, port, method: 'GET', path: STATUS_PATH, headers, timeout: timeoutMs, agent: false}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				if (response.statusCode === 401 || response.statusCode === 403) {
					resolve({refused: response.statusCode});
					return;
				}

				try {
					const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {overview?: StatusOverview};
					resolve(response.statusCode === 200 && body.overview ? {overview: body.overview} : undefined);
				} catch {
					resolve(undefined);
				}
			});
			response.on('error', () => {
				resolve(undefined);
			});
		});
		request.on('timeout', () => {
			request.destroy();
		});
		request.on('error', () => {
			resolve(undefined);
		});
		request.end();
	});
}
