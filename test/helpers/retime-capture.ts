import {fixed64, latestTimeNs, visitTimes, walk} from '../../source/demo/retime-body.js';
import {exportRequestType} from '../../source/otlp/decode.js';
import type {CapturedRequest} from './captures.js';

function decoded(request: CapturedRequest): unknown {
	return isJson(request) ? JSON.parse(request.body.toString('utf8')) as unknown : exportRequestType(request.signal).decode(request.body);
}

function isJson(request: CapturedRequest): boolean {
	return request.contentType.includes('json');
}

/** The latest time anywhere in a capture (record, span and point times), epoch ms. */
export function latestTimeMs(requests: CapturedRequest[]): number {
	let latestNs = 0n;
	for (const request of requests) {
		const ns = latestTimeNs(decoded(request));
		if (ns > latestNs) {
			latestNs = ns;
		}
	}

	return Number(latestNs / 1_000_000n);
}

/**
 * A real capture as if Codex were sending it later: every time in it (record, span and point times, and the
 * logs' `event.timestamp`) moved by `shiftMs`. Nothing else changes.
 */
export function shiftCapture(requests: CapturedRequest[], shiftMs: number): CapturedRequest[] {
	const shiftNs = BigInt(Math.round(shiftMs)) * 1_000_000n;
	return requests.map(request => {
		const json = isJson(request);
		const message = decoded(request);
		visitTimes(message, {
			time(ns, key, parent) {
				parent[key] = json ? String(ns + shiftNs) : fixed64(ns + shiftNs);
			},
			eventTimestamp(holder, ms) {
				holder.stringValue = new Date(ms + Math.round(shiftMs)).toISOString();
			},
		});
		const body = json ? Buffer.from(JSON.stringify(message)) : Buffer.from(exportRequestType(request.signal).encode(message as Record<string, unknown>).finish());
		return {...request, body};
	});
}

/** A real capture moved in time so that its latest moment is `latestAtMs` (e.g. a second ago: a session live now). */
export function retimeCapture(requests: CapturedRequest[], latestAtMs: number): CapturedRequest[] {
	return shiftCapture(requests, latestAtMs - latestTimeMs(requests));
}

/** Rollout keys holding epoch seconds and epoch milliseconds (Codex 0.171.0). */
const EPOCH_SECONDS = new Set(['resets_at', 'started_at', 'completed_at', 'create_time']);

/**
 * A real rollout file moved in time by `shiftMs`, as `shiftCapture` moves its telemetry: line timestamps, the
 * plan windows' reset times and every other time in it, so both sources of the same run still agree.
 */
export function shiftRollout(text: string, shiftMs: number): string {
	return text.split('\n').map(line => {
		if (line.trim() === '') {
			return line;
		}

		const record = JSON.parse(line) as unknown;
		walk([record], (value, key, parent) => {
			if (key === 'timestamp' && typeof value === 'string' && Number.isFinite(Date.parse(value))) {
				parent[key] = new Date(Date.parse(value) + shiftMs).toISOString();
			} else if (EPOCH_SECONDS.has(key) && typeof value === 'number') {
				parent[key] = value + (shiftMs / 1000);
			} else if (key.endsWith('_at_ms') && typeof value === 'number') {
				parent[key] = value + shiftMs;
			}
		});
		return JSON.stringify(record);
	}).join('\n');
}

/** The latest line timestamp of a rollout, epoch ms. */
export function latestRolloutMs(text: string): number {
	return Math.max(...text.split('\n').filter(line => line.trim() !== '').map(line => Date.parse((JSON.parse(line) as {timestamp: string}).timestamp)));
}
