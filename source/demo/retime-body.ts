import protobuf from 'protobufjs';
import descriptor from '../otlp/proto/otlp.json' with {type: 'json'};
import type {Signal} from '../otlp/signal.js';

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const TYPES: Record<Signal, protobuf.Type> = {
	logs: root.lookupType('opentelemetry.proto.logs.v1.ExportLogsServiceRequest'),
	traces: root.lookupType('opentelemetry.proto.trace.v1.ExportTraceServiceRequest'),
	metrics: root.lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest'),
};

type Visit = (value: unknown, key: string, parent: Record<string, unknown>) => void;

/** Walks a decoded message's own fields (protobufjs messages keep them as own properties). */
function walk(value: unknown, visit: Visit): void {
	if (Array.isArray(value)) {
		for (const item of value) {
			walk(item, visit);
		}
	} else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) {
		for (const key of Object.keys(value)) {
			const item = (value as Record<string, unknown>)[key];
			visit(item, key, value as Record<string, unknown>);
			if (typeof item === 'object' && item !== null && !isLong(item)) {
				walk(item, visit);
			}
		}
	}
}

type LongLike = {low: number; high: number; unsigned?: boolean};

function isLong(value: unknown): value is LongLike {
	return typeof value === 'object' && value !== null && typeof (value as LongLike).low === 'number' && typeof (value as LongLike).high === 'number';
}

/** A fixed64 time as protobufjs decodes it (a Long, or a number), in nanoseconds. */
function nanos(value: unknown): bigint | undefined {
	if (isLong(value)) {
		return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
	}

	return typeof value === 'number' ? BigInt(Math.round(value)) : undefined;
}

function timeOf(key: string, value: unknown): bigint | undefined {
	if (!key.endsWith('UnixNano')) {
		return undefined;
	}

	const ns = nanos(value);
	return ns !== undefined && ns > 0n ? ns : undefined;
}

/**
 * A protobuf export request with every time in it (record, span and point times, and the logs'
 * `event.timestamp`) passed through `map` (epoch ms to epoch ms, fractions kept to the microsecond).
 * `map` is handed the latest time of the request first, before any other.
 */
export function retimeBody(signal: Signal, body: Buffer, map: (ms: number, latestMs: number) => number): Buffer {
	const type = TYPES[signal];
	const message = type.decode(body);
	let latestNs = 0n;
	walk(message, (value, key) => {
		const ns = timeOf(key, value);
		if (ns !== undefined && ns > latestNs) {
			latestNs = ns;
		}
	});
	const latestMs = Number(latestNs / 1_000_000n);
	walk(message, (value, key, parent) => {
		const ns = timeOf(key, value);
		if (ns !== undefined) {
			// To the microsecond: a time moved onto another's moment must not come back out by its nanoseconds.
			const moved = BigInt(Math.round(map(Number(ns) / 1e6, latestMs) * 1000)) * 1000n;
			parent[key] = {low: Number(moved & 0xFF_FF_FF_FFn) | 0, high: Number(moved >> 32n) | 0, unsigned: true};
		} else if (key === 'key' && value === 'event.timestamp') {
			const holder = parent.value as {stringValue?: string} | undefined;
			const ms = Date.parse(holder?.stringValue ?? '');
			if (holder && Number.isFinite(ms)) {
				holder.stringValue = new Date(Math.round(map(ms, latestMs))).toISOString();
			}
		}
	});
	return Buffer.from(type.encode(message).finish());
}
