import net from 'node:net';
import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {afterAll, describe, expect, test} from 'vitest';
import {createForwarding, type Forwarding} from '../../source/forward/forwarding.js';
import {createReceiver} from '../../source/receiver/server.js';
import {App} from '../../source/ui/app.js';
import {loadCapture} from '../helpers/captures.js';
import {eventsOfCapture} from '../helpers/pipeline.js';
import {pollUntil} from '../helpers/poll.js';
import {viewSourceOf} from '../helpers/view-source.js';

const tick = async () => new Promise(resolve => {
	setTimeout(resolve, 60);
});

const requests = loadCapture('exec-tool');
const forwardings: Forwarding[] = [];

afterAll(async () => {
	await Promise.all(forwardings.map(async forwarding => forwarding.close(0)));
});

/** Forwards the capture's requests to `url` and renders the live screen with the forwarding totals. */
async function screenWhileForwarding(url: string, maxQueueBytes: number, settled: (forwarding: Forwarding) => boolean, size: {columns: number; rows: number}) {
	const source = viewSourceOf(eventsOfCapture('exec-tool'));
	const forwarding = createForwarding({urls: [url], headers: {}, maxQueueBytes}, () => {
		source.hub.count(stats => {
			stats.forward = forwarding.totals();
		});
	});
	forwardings.push(forwarding);
	for (const request of requests) {
		forwarding.enqueue(request.signal, 'protobuf', request.body);
	}

	await pollUntil(() => settled(forwarding) || undefined, {what: 'forwarding to settle', state: () => forwarding.stats()});
	const app = render(<App source={source} size={size} clock={() => Date.parse('2026-11-25T02:42:00Z')} bell={false}/>);
	await tick();
	const frame = app.lastFrame()!;
	app.unmount();
	const lines = frame.split('\n').map(line => stripVTControlCharacters(line));
	for (const line of lines) {
		expect(line.length, line).toBeLessThanOrEqual(size.columns);
	}

	return lines.at(-1)!;
}

describe('the status line shows forwarding', () => {
	test('to a working upstream: requests sent, none queued', async () => {
		const upstream = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 22, maxDecompressedBytes: 1 << 22, consume() {}});
		const {port} = await upstream.start();
		try {
			const wide = await screenWhileForwarding(`http://127.0.0.1:${port}`, 1 << 20, forwarding => forwarding.totals().sent === requests.length, {columns: 100, rows: 30});
			expect(wide).toContain(`→ ${requests.length} sent 0 queued`);
		} finally {
			await upstream.close();
		}
	});

	test('to an upstream that is down: queued, dropped beyond the bound, and marked down, at 100 and at 60 columns', async () => {
		const closed = net.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		const {port} = closed.address() as net.AddressInfo;
		await new Promise(resolve => closed.close(resolve));
		const settled = (forwarding: Forwarding) => forwarding.totals().failing && forwarding.totals().queued + forwarding.totals().dropped === requests.length;
		const wide = await screenWhileForwarding(`http://127.0.0.1:${port}`, 250_000, settled, {columns: 100, rows: 30});
		expect(wide).toMatch(/→ 0 sent \d+ queued \d+ dropped upstream down \(ECONNREFUSED\) /);
		const narrow = await screenWhileForwarding(`http://127.0.0.1:${port}`, 250_000, settled, {columns: 60, rows: 20});
		expect(narrow).toMatch(/→0\/\dq \d✗ /);
		expect(narrow).toContain('? help');
	});
});
