import protobuf from 'protobufjs';
import descriptor from '../../source/otlp/proto/otlp.json' with {type: 'json'};
import type {CapturedRequest} from './captures.js';

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const TYPES = {
	logs: root.lookupType('opentelemetry.proto.logs.v1.ExportLogsServiceRequest'),
	traces: root.lookupType('opentelemetry.proto.trace.v1.ExportTraceServiceRequest'),
	metrics: root.lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest'),
};

type Walk = (value: unknown, key: string, parent: Record<string, unknown>) => void;

function walk(value: unknown, visit: Walk): void {
	if (Array.isArray(value)) {
		for (const item of value) {
			walk(item, visit);
		}
	} else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			visit(item, key, value as Record<string, unknown>);
			walk(item, visit);
		}
	}
}

function decoded(request: CapturedRequest): Record<string, unknown> {
	const type = TYPES[request.signal];
	return request.contentType.includes('json') ? JSON.parse(request.body.toString('utf8')) as Record<string, unknown> : type.toObject(type.decode(request.body), {longs: String, bytes: Array}) as Record<string, unknown>;
}

const isTime = (key: string, value: unknown) => key.endsWith('UnixNano') && (typeof value === 'string' || typeof value === 'number') && BigInt(value) > 0n;

/** The latest time anywhere in a capture (record, span and point times), epoch ms. */
export function latestTimeMs(requests: CapturedRequest[]): number {
	let latestNs = 0n;
	for (const request of requests) {
		walk(decoded(request), (value, key) => {
			if (isTime(key, value) && BigInt(value as string) > latestNs) {
				latestNs = BigInt(value as string);
			}
		});
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
		const message = decoded(request);
		walk(message, (value, key, parent) => {
			if (isTime(key, value)) {
				parent[key] = String(BigInt(value as string) + shiftNs);
			} else if (key === 'key' && value === 'event.timestamp') {
				const holder = parent.value as {stringValue?: string} | undefined;
				const ms = Date.parse(holder?.stringValue ?? '');
				if (holder && Number.isFinite(ms)) {
					holder.stringValue = new Date(ms + Math.round(shiftMs)).toISOString();
				}
			}
		});
		const type = TYPES[request.signal];
		const body = request.contentType.includes('json') ? Buffer.from(JSON.stringify(message)) : Buffer.from(type.encode(type.fromObject(message)).finish());
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
