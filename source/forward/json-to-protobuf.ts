import {exportRequestType} from '../otlp/decode.js';
import type {Signal} from '../otlp/signal.js';

/** OTLP/JSON writes these bytes fields as hex, not as protobuf JSON's base64. */
const HEX_ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId', 'trace_id', 'span_id', 'parent_span_id']);

/**
 * Re-encodes an OTLP/JSON request as protobuf, for a gRPC upstream. Fields outside codexmon's schema
 * (source/otlp/proto, a near-complete subset of opentelemetry-proto v1) are not carried over.
 */
export function jsonToProtobuf(signal: Signal, body: Uint8Array): Uint8Array {
	const parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'), (key, value: unknown) =>
		HEX_ID_KEYS.has(key) && typeof value === 'string' && /^(?:[\da-f]{2})*$/i.test(value) ? Buffer.from(value, 'hex') : value) as Record<string, unknown>;
	const type = exportRequestType(signal);
	return type.encode(type.fromObject(parsed)).finish();
}
