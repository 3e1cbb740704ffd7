import {isAscii} from 'node:buffer';
import protobuf from 'protobufjs';
import descriptor from './proto/otlp.json' with {type: 'json'};
import {checkJson, checkJsonSize} from './check-json.js';
import {checkProtobuf} from './check-protobuf.js';
import {DecodeError} from './decode-errors.js';
import {signalFromJson, type Signal} from './signal.js';
import {readStringsNatively} from './native-string-reader.js';
import {sniffProtobufSignal} from './sniff-protobuf.js';
import type {OtlpExport} from './types.js';

export type Encoding = 'protobuf' | 'json';

/**
 * @NOTE The schema is our own subset of opentelemetry-proto v1 (source/otlp/proto/*.proto), compiled
 * by `npm run proto` into a JSON descriptor. Reflection in protobufjs 8 decodes as fast as generated
 * static code, and the descriptor lets one hand-written wire type (./types.ts) serve both the protobuf
 * and the JSON path. Nothing is fetched at run time.
 */
const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
readStringsNatively();

const REQUEST_TYPES: Record<Signal, protobuf.Type> = {
	logs: root.lookupType('opentelemetry.proto.logs.v1.ExportLogsServiceRequest'),
	traces: root.lookupType('opentelemetry.proto.trace.v1.ExportTraceServiceRequest'),
	metrics: root.lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest'),
};

const STATUS_TYPE = root.lookupType('google.rpc.Status');

/**
 * The metrics request with its data points' fields left out, so protobufjs skips them as unknown fields: the
 * receiver's ingest only counts points (Codex's logs carry the same numbers), and histogram buckets, 64-bit times and
 * exemplars were a fifth of decoding the captures' metrics for nothing. Built on first use (~3 ms), not at start.
 */
let countedMetricsType: protobuf.Type | undefined;

/** What a decode may leave out: `count` decodes metric data points as empty objects, enough to count them. */
export type DecodeOptions = {metricPoints?: 'decode' | 'count'};

/** The protobuf type of a signal's export request, for re-encoding (the forwarder's JSON → gRPC path). */
export function exportRequestType(signal: Signal): protobuf.Type {
	return REQUEST_TYPES[signal];
}

export {DecodeError, TooManyItemsError} from './decode-errors.js';

/**
 * Decodes one export request body. `signal` comes from the path when it names one;
 * otherwise it is told from the payload (a single endpoint for all three signals).
 */
export function decodeExport(signal: Signal | undefined, encoding: Encoding, body: Uint8Array, options: DecodeOptions = {}): OtlpExport {
	return encoding === 'protobuf' ? decodeProtobuf(signal, body, options) : decodeJson(signal, body);
}

function decodeProtobuf(signal: Signal | undefined, body: Uint8Array, options: DecodeOptions): OtlpExport {
	const resolved = signal ?? sniffProtobufSignal(body) ?? 'logs';
	const type = resolved === 'metrics' && options.metricPoints === 'count'
		? countedMetricsType ??= protobuf.Root.fromJSON(withoutDataPointFields(descriptor as protobuf.INamespace)).lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest')
		: REQUEST_TYPES[resolved];
	// The full schema, even when decoding skips metric points: a malformed point is refused all the same.
	checkProtobuf(REQUEST_TYPES[resolved], body);
	let request: unknown;
	try {
		request = type.decode(body);
	} catch (error) {
		throw new DecodeError(`cannot decode protobuf ${resolved} request: ${(error as Error).message}`, {cause: error});
	}

	return {signal: resolved, request} as OtlpExport;
}

function decodeJson(signal: Signal | undefined, body: Uint8Array): OtlpExport {
	checkJsonSize(body);
	let parsed: unknown;
	try {
		parsed = JSON.parse(bodyText(body));
	} catch (error) {
		throw new DecodeError(`cannot parse JSON request: ${(error as Error).message}`, {cause: error});
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new DecodeError('JSON request must be an object');
	}

	const resolved = signal ?? signalFromJson(parsed) ?? 'logs';
	checkJson(REQUEST_TYPES[resolved], parsed);
	return {signal: resolved, request: parsed} as OtlpExport;
}

/** Encodes a google.rpc.Status, the protobuf body of an OTLP/HTTP error. */
export function encodeStatus(code: number, message: string): Uint8Array {
	return STATUS_TYPE.encode(STATUS_TYPE.create({code, message})).finish();
}

/** Most bodies are ASCII: those are copied as latin1, about 2x faster than decoding UTF-8 (measured on the captures). */
function bodyText(body: Uint8Array): string {
	const buffer = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
	return buffer.toString(isAscii(buffer) ? 'latin1' : 'utf8');
}

function withoutDataPointFields(namespace: protobuf.INamespace): protobuf.INamespace {
	const copy = structuredClone(namespace) as protobuf.INamespace;
	const visit = (node: protobuf.INamespace) => {
		for (const [name, child] of Object.entries(node.nested ?? {})) {
			if (name.endsWith('DataPoint') && 'fields' in child) {
				(child as protobuf.IType).fields = {};
				delete (child as protobuf.IType).oneofs;
			}

			visit(child as protobuf.INamespace);
		}
	};

	visit(copy);
	return copy;
}
