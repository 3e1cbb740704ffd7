import {formatBytes} from '../format/format-number.js';
import {ByteBoundedQueue} from './byte-bounded-queue.js';
import type {ForwardTarget} from './forward-target.js';
import type {ForwardItem, Sender} from './forward-item.js';
import {createLazyGrpcSender} from './lazy-grpc-sender.js';
import {createHttpSender} from './send-http.js';
import {redactUrl} from '../format/redact-url.js';

/** One upstream's counters: everything received is sent, queued, failed (refused by it) or dropped (queue full). */
export type UpstreamStats = {
	url: string;
	sent: number;
	queued: number;
	queuedBytes: number;
	/** Refused by the upstream with an error not worth retrying (e.g. 400, 401). */
	failed: number;
	/** Not queued: the queue was at its byte bound. */
	dropped: number;
	retries: number;
	/** The last attempt failed and requests are waiting. */
	failing: boolean;
	lastError: string | null;
};

export type UpstreamOptions = {
	headers: Readonly<Record<string, string>>;
	maxQueueBytes: number;
	onChange: () => void;
	backoff?: {initialMs: number; maxMs: number};
	timeoutMs?: number;
};

export type Upstream = {
	/** Queues a request and returns at once: sending never holds up the local acknowledgement. */
	enqueue(item: ForwardItem): void;
	stats(): UpstreamStats;
	/** Keeps sending for up to `drainMs`, then stops; what is left is counted in `queued`. */
	close(drainMs: number): Promise<void>;
};

const DEFAULT_BACKOFF = {initialMs: 500, maxMs: 30_000};
const DEFAULT_TIMEOUT_MS = 10_000;

/** A single sender per upstream, so requests arrive in the order they were received. */
export function createUpstream(target: ForwardTarget, options: UpstreamOptions): Upstream {
	const backoff = options.backoff ?? DEFAULT_BACKOFF;
	const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
	const sender: Sender = target.kind === 'http' ? createHttpSender(target, options.headers, timeoutMs) : createLazyGrpcSender(target, options.headers, timeoutMs);
	const queue = new ByteBoundedQueue<ForwardItem>(options.maxQueueBytes);
	// Shown in status, doctor and `serve`'s lines: never with its credentials.
	const stats: UpstreamStats = {url: redactUrl(target.url), sent: 0, queued: 0, queuedBytes: 0, failed: 0, dropped: 0, retries: 0, failing: false, lastError: null};
	let pumping: Promise<void> | undefined;
	let closed = false;
	let attempt = 0;
	let wakeUp: (() => void) | undefined;

	const changed = () => {
		stats.queued = queue.length;
		stats.queuedBytes = queue.bytes;
		options.onChange();
	};

	const wait = async (ms: number) => new Promise<void>(resolve => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			wakeUp = undefined;
			resolve();
		}

		wakeUp = done;
	});

	const pump = async () => {
		for (let item = queue.peek(); item && !closed; item = queue.peek()) {
			// One request in flight per upstream keeps them in order.
			const outcome = await sender.send(item);
			if (closed && !outcome.ok) {
				break;
			}

			if (outcome.ok) {
				queue.shift();
				stats.sent++;
				stats.failing = false;
				attempt = 0;
			} else if (outcome.retry) {
				stats.retries++;
				stats.failing = true;
				stats.lastError = outcome.error;
				changed();
				const delay = Math.min(backoff.maxMs, outcome.retryAfterMs ?? backoff.initialMs * (2 ** attempt) * (0.8 + (Math.random() * 0.4)));
				attempt = Math.min(attempt + 1, 30);
				await wait(delay);
				continue;
			} else {
				// It answered, so it is up; it refused this one request.
				queue.shift();
				stats.failed++;
				stats.failing = false;
				stats.lastError = outcome.error;
				attempt = 0;
			}

			changed();
		}
	};

	const startPump = () => {
		pumping ??= pump().finally(() => {
			pumping = undefined;
			// A request queued while the last send was finishing.
			if (!closed && queue.length > 0) {
				startPump();
			}
		});
	};

	return {
		enqueue(item) {
			if (closed) {
				return;
			}

			if (!queue.push(item, item.body.byteLength)) {
				stats.dropped++;
				stats.lastError = `queue full (${formatBytes(queue.maxBytes)}): dropped a ${item.signal} request of ${formatBytes(item.body.byteLength)}`;
			}

			changed();
			startPump();
		},
		stats: () => ({...stats}),
		async close(drainMs) {
			const deadline = Date.now() + drainMs;
			while (queue.length > 0 && !stats.failing && Date.now() < deadline) {
				await new Promise(resolve => {
					setTimeout(resolve, 20);
				});
			}

			closed = true;
			wakeUp?.();
			sender.close();
			await pumping;
			changed();
		},
	};
}
