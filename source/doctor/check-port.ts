import http from 'node:http';
import net from 'node:net';
import {SERVER_NAME} from '../receiver/respond.js';
import type {CheckResult} from './check.js';

/** How long to wait for whatever holds the port to answer. */
const PROBE_TIMEOUT_MS = 1500;

/** Is the receiver's port free, or already served by codexmon? */
export async function checkPort(host: string, port: number): Promise<CheckResult> {
	const name = `Port ${host}:${port}`;
	if (await isPortFree(host, port)) {
		return {name, status: 'ok', detail: 'free: codexmon can listen here'};
	}

	const serverHeader = await new Promise<string | undefined>(resolve => {
		const request = http.request({host, port, method: 'GET', path: '/', timeout: PROBE_TIMEOUT_MS}, response => {
			response.resume();
			resolve(String(response.headers.server ?? ''));
		});
		request.on('timeout', () => {
			request.destroy();
			resolve(undefined);
		});
		request.on('error', () => {
			resolve(undefined);
		});
		request.end();
	});
	if (serverHeader?.startsWith(SERVER_NAME)) {
		return {name, status: 'ok', detail: 'codexmon is already receiving here'};
	}

	return {name, status: 'fail', detail: `taken by another program${serverHeader ? ` (server: ${serverHeader})` : ''}`, fix: `start codexmon with --port N and run \`codexmon setup --write --port N\``};
}

/** Whether this process could listen on the port now. */
export async function isPortFree(host: string, port: number): Promise<boolean> {
	return new Promise<boolean>(resolve => {
		const server = net.createServer();
		server.once('error', () => {
			resolve(false);
		});
		server.listen(port, host, () => {
			server.close(() => {
				resolve(true);
			});
		});
	});
}
