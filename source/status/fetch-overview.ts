import net from 'node:net';
import type {StatusOverview} from '../model/status-overview.js';
import {STATUS_PATH} from '../receiver/status-path.js';

/** What a receiver said: its overview, a refusal (wrong or missing token), or nothing (none there, or not codexmon). */
export type FetchedOverview = {overview: StatusOverview} | {refused: number} | undefined;

/** The answer is a few kB; anything much larger is not codexmon's. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * GET /codexmon/status, given up on after `timeoutMs`: a stopped or wedged receiver must not hang tmux.
 * @NOTE one HTTP/1.1 request written by hand on node:net: node:http costs this start ~2x what node:net does,
 * and the line is printed every few seconds. `Connection: close`, so the body ends with the connection.
 */
export async function fetchOverview(host: string, port: number, token: string | undefined, timeoutMs: number): Promise<FetchedOverview> {
	return new Promise(resolve => {
		const chunks: Buffer[] = [];
		let size = 0;
		const socket = net.connect({host, port});
		const done = (result: FetchedOverview) => {
			socket.destroy();
			resolve(result);
		};

		socket.setTimeout(timeoutMs, () => {
			done(undefined);
		});
		socket.on('error', () => {
			done(undefined);
		});
		socket.on('connect', () => {
			const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
			socket.end(`GET ${STATUS_PATH} HTTP/1.1\r\nHost: ${authority}\r\n${token ? `Authorization: Bearer ${token}\r\n` : ''}Accept: application/json\r\nConnection: close\r\n\r\n`);
		});
		socket.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_RESPONSE_BYTES) {
				done(undefined);
				return;
			}

			chunks.push(chunk);
		});
		socket.on('end', () => {
			done(parseResponse(Buffer.concat(chunks).toString('utf8')));
		});
	});
}

function parseResponse(text: string): FetchedOverview {
	const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]);
	if (status === 401 || status === 403) {
		return {refused: status};
	}

	const headerEnd = text.indexOf('\r\n\r\n');
	if (status !== 200 || headerEnd === -1 || /\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, headerEnd))) {
		return undefined;
	}

	try {
		const body = JSON.parse(text.slice(headerEnd + 4)) as {overview?: StatusOverview};
		return body.overview ? {overview: body.overview} : undefined;
	} catch {
		return undefined;
	}
}
