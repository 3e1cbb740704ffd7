import http from 'node:http';
import type {ReceiverStatus} from '../status/receiver-status.js';
import {STATUS_PATH} from '../receiver/handle-status.js';

const TIMEOUT_MS = 1500;

/** The state of the codexmon receiving on host:port, or undefined when none answers there. */
export async function readReceiverStatus(host: string, port: number, token: string | undefined): Promise<ReceiverStatus | undefined> {
	return new Promise(resolve => {
		const headers: Record<string, string> = token ? {authorization: `Bearer ${token}`} : {};
		const request = http.request({host, port, method: 'GET', path: STATUS_PATH, headers, timeout: TIMEOUT_MS}, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				try {
					resolve(response.statusCode === 200 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceiverStatus : undefined);
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
