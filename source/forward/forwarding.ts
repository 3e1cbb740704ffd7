import type {Encoding} from '../otlp/decode.js';
import type {Signal} from '../otlp/signal.js';
import type {ForwardTotals} from '../model/forward-totals.js';
import {parseForwardTarget} from './forward-target.js';
import type {ForwardConfig} from './resolve-forward.js';
import {createUpstream, type Upstream, type UpstreamStats} from './upstream.js';

export type {ForwardTotals} from '../model/forward-totals.js';

export type Forwarding = {
	/** Passes a committed request on to every upstream, without waiting for any of them. */
	enqueue(signal: Signal, encoding: Encoding, body: Uint8Array): void;
	stats(): UpstreamStats[];
	totals(): ForwardTotals;
	close(drainMs: number): Promise<void>;
};

/** Tees every received request to the configured upstream collectors. */
export function createForwarding(config: ForwardConfig, onChange: () => void, tuning?: {backoff?: {initialMs: number; maxMs: number}}): Forwarding {
	const upstreams: Upstream[] = config.urls.map(url => createUpstream(parseForwardTarget(url), {headers: config.headers, maxQueueBytes: config.maxQueueBytes, onChange, backoff: tuning?.backoff}));
	const stats = () => upstreams.map(upstream => upstream.stats());
	return {
		enqueue(signal, encoding, body) {
			for (const upstream of upstreams) {
				upstream.enqueue({signal, encoding, body});
			}
		},
		stats,
		totals() {
			const all = stats();
			return {
				targets: all.length,
				sent: sum(all, 'sent'),
				queued: sum(all, 'queued'),
				failed: sum(all, 'failed'),
				dropped: sum(all, 'dropped'),
				failing: all.some(upstream => upstream.failing),
				lastError: (all.find(upstream => upstream.failing) ?? all.find(upstream => upstream.lastError))?.lastError ?? null,
			};
		},
		async close(drainMs) {
			await Promise.all(upstreams.map(async upstream => upstream.close(drainMs)));
		},
	};
}

function sum(all: UpstreamStats[], key: 'sent' | 'queued' | 'failed' | 'dropped'): number {
	return all.reduce((total, upstream) => total + upstream[key], 0);
}

/** One line per upstream, for `serve`'s stop line (where queued requests are left unsent) and `codexmon doctor`. */
export function describeUpstream(upstream: UpstreamStats, stopped = false): string {
	return `${upstream.sent} sent, ${upstream.queued} ${stopped ? 'left unsent' : 'queued'}, ${upstream.failed} failed, ${upstream.dropped} dropped${upstream.lastError ? ` (last error: ${upstream.lastError})` : ''}`;
}
