import {expect, test} from 'vitest';
import {loadDemoRequests} from '../../source/demo/demo-captures.js';
import {createDemoRetimer} from '../../source/demo/demo-retimer.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {latestTimeMs} from '../helpers/retime-capture.js';

/** The demo's captures were made in November 2026: posted as they are, no session would ever look live. */
test('the demo moves every capture time to now: each request ends when it is posted, order kept', () => {
	const requests = loadDemoRequests();
	const startedMs = Date.UTC(2027, 5, 1, 12);
	const speed = 2;
	const retime = createDemoRetimer(requests, startedMs, speed);
	const end = startedMs + (requests.at(-1)!.atMs / speed);
	const timesByScenario = new Map<string, Array<[captured: number, moved: number]>>();
	for (const request of requests) {
		const body = retime(request);
		const postMs = startedMs + (request.atMs / speed);
		const latest = latestTimeMs([{seq: 0, path: request.path, contentType: request.contentType, signal: request.signal, body} as never]);
		// About when it is posted (Codex's send times are known to the millisecond, its records' to a batch), not from long before.
		expect(latest).toBeLessThanOrEqual(postMs + 1000);
		expect(latest).toBeGreaterThan(postMs - 30_000);
		const times = timesByScenario.get(request.scenario) ?? [];
		const logTimes = (from: Buffer) => flattenExport(decodeExport(request.signal, 'protobuf', from)).logs.map(record => record.timeMs || record.observedMs);
		const before = logTimes(request.body);
		for (const [index, ms] of logTimes(body).entries()) {
			times.push([before[index]!, ms]);
		}

		timesByScenario.set(request.scenario, times);
	}

	expect([...timesByScenario.keys()]).toEqual(['exec-tool', 'exec-loop', 'tui-session']);
	for (const pairs of timesByScenario.values()) {
		expect(pairs.length).toBeGreaterThan(0);
		// Whatever happened before something else in the capture still does (or at the same moment).
		const moved = pairs.sort((a, b) => a[0] - b[0]).map(([, ms]) => ms);
		expect(moved).toEqual([...moved].sort((a, b) => a - b));
		expect(Math.min(...moved)).toBeGreaterThan(startedMs - 60_000);
		expect(Math.max(...moved)).toBeLessThanOrEqual(end + 1000);
	}
});
