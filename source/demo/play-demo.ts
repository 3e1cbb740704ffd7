import http from 'node:http';
import type {DemoRequest} from './demo-captures.js';
import {createDemoRetimer} from './demo-retimer.js';

export type DemoPlayer = {stop(): void; done: Promise<void>};

/**
 * Posts the demo's captured requests to a receiver over HTTP, keep-alive, at their (shortened) original
 * pace scaled by `speed`, as Codex itself would have, with their times moved to now (a session shows live
 * while it plays, not as one from November 2026).
 */
export function playDemo(requests: readonly DemoRequest[], url: URL, speed: number): DemoPlayer {
	const agent = new http.Agent({keepAlive: true, maxSockets: 1});
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	const started = Date.now();
	const toNow = createDemoRetimer(requests, started, speed);
	const done = (async () => {
		for (const request of requests) {
			const waitMs = started + request.atMs / speed - Date.now();
			if (waitMs > 0) {
				await new Promise<void>(resolve => {
					timer = setTimeout(resolve, waitMs);
				});
			}

			if (stopped) {
				return;
			}

			const body = toNow(request);
			await post(url, {...request, body}, agent).catch(() => undefined);
		}
	})().finally(() => {
		agent.destroy();
	});

	return {
		stop() {
			stopped = true;
			if (timer) {
				clearTimeout(timer);
			}
		},
		done,
	};
}

async function post(url: URL, request: DemoRequest, agent: http.Agent): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const outgoing = http.request(new URL(request.path, url), {method: 'POST', agent, headers: {'content-type': request.contentType, 'content-length': request.body.length}}, response => {
			response.resume();
			response.on('end', resolve);
		});
		outgoing.on('error', reject);
		outgoing.end(request.body);
	});
}
