import {exportRequestType} from '../otlp/decode.js';
import type {Signal} from '../otlp/signal.js';

type Fields = Record<string, unknown>;

/** What `visitTimes` finds in a request: a `*UnixNano` time, and a logs' `event.timestamp` attribute (ISO text). */
export type TimeVisitor = {
	/** A time in ns; `parent[key]` holds it, to be replaced in the message's own form. */
	time(ns: bigint, key: string, parent: Fields): void;
	eventTimestamp?(holder: {stringValue?: string}, ms: number): void;
};

/**
 * Every time in an export request (record, span and point times, and the logs' `event.timestamp`), decoded by
 * protobufjs or parsed from OTLP/JSON, in the order they stand.
 */
export function visitTimes(message: unknown, visitor: TimeVisitor): void {
	walk(message, (value, key, parent) => {
		const ns = timeOf(key, value);
		if (ns !== undefined) {
			visitor.time(ns, key, parent);
		} else if (key === 'key' && value === 'event.timestamp' && visitor.eventTimestamp) {
			const holder = parent.value as {stringValue?: string} | undefined;
			const ms = Date.parse(holder?.stringValue ?? '');
			if (holder && Number.isFinite(ms)) {
				visitor.eventTimestamp(holder, ms);
			}
		}
	});
}

/** The latest `*UnixNano` time of a request, in ns (0n when it has none). */
export function latestTimeNs(message: unknown): bigint {
	let latestNs = 0n;
	visitTimes(message, {
		time(ns) {
			if (ns > latestNs) {
				latestNs = ns;
			}
		},
	});
	return latestNs;
}

/** A time in ns as protobufjs encodes a fixed64. */
export function fixed64(ns: bigint): {low: number; high: number; unsigned: true} {
	return {low: Number(ns & 0xFF_FF_FF_FFn) | 0, high: Number(ns >> 32n) | 0, unsigned: true};
}

/**
 * A protobuf export request with every time in it (record, span and point times, and the logs'
 * `event.timestamp`) passed through `map` (epoch ms to epoch ms, fractions kept to the microsecond).
 * `map` is handed the latest time of the request first, before any other.
 */
export function retimeBody(signal: Signal, body: Buffer, map: (ms: number, latestMs: number) => number): Buffer {
	const type = exportRequestType(signal);
	const message = type.decode(body);
	const latestMs = Number(latestTimeNs(message) / 1_000_000n);
	visitTimes(message, {
		time(ns, key, parent) {
			// To the microsecond: a time moved onto another's moment must not come back out by its nanoseconds.
			parent[key] = fixed64(BigInt(Math.round(map(Number(ns) / 1e6, latestMs) * 1000)) * 1000n);
		},
		eventTimestamp(holder, ms) {
			holder.stringValue = new Date(Math.round(map(ms, latestMs))).toISOString();
		},
	});
	return Buffer.from(type.encode(message).finish());
}

export type Visit = (value: unknown, key: string, parent: Fields) => void;

/**
 * Walks a message's own fields (protobufjs messages keep them as own properties), not into bytes or 64-bit numbers
 * (`{low, high}`): `visit` sees each field, then its content.
 */
export function walk(value: unknown, visit: Visit): void {
	if (Array.isArray(value)) {
		for (const item of value) {
			walk(item, visit);
		}
	} else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) {
		for (const key of Object.keys(value)) {
			const item = (value as Fields)[key];
			visit(item, key, value as Fields);
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

/** A fixed64 time as protobufjs decodes it (a Long, or a number) or OTLP/JSON writes it (a decimal string), in ns. */
function nanos(value: unknown): bigint | undefined {
	if (isLong(value)) {
		return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
	}

	if (typeof value === 'string') {
		return /^\d+$/.test(value) ? BigInt(value) : undefined;
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
