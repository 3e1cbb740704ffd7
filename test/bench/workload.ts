import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {CAPTURE_NAMES, loadCapture, type CapturedRequest} from '../helpers/captures.js';

/** Every id in the captures is a UUIDv7 from one capture run, and starts with these characters. */
const ID_PREFIX = Buffer.from('01a2109');

export type WorkloadRequest = CapturedRequest & {items: number; logRecords: number; idOffsets: number[]};

/** All real captures, in their arrival order, each with its count of OTLP items (records, spans, points). */
export function loadWorkload(names: readonly string[] = CAPTURE_NAMES): WorkloadRequest[] {
	return names.flatMap(name => loadCapture(name as (typeof CAPTURE_NAMES)[number]).map(request => {
		const flattened = flattenExport(decodeExport(signalFromPath(request.path), request.contentType.includes('json') ? 'json' : 'protobuf', request.body));
		return {...request, items: flattened.itemCount, logRecords: flattened.logs.length, idOffsets: findOffsets(request.body)};
	}));
}

/**
 * A copy of a captured body whose conversation, turn and thread ids belong to replica `n`: the same bytes
 * but for the id prefix (same length, so protobuf stays valid), so replicas are distinct sessions and
 * distinct requests, as many Codex sessions would be.
 */
export function replicaBody(request: {body: Buffer; idOffsets: number[]}, replica: number): Buffer {
	return replicaBodyInto(Buffer.allocUnsafe(request.body.length), request, replica);
}

/**
 * The same as replicaBody, written into `scratch` (which must be as large as any body) instead of a new Buffer:
 * a sender with one request in flight reuses one, so the load generator neither allocates ~80 MB/s of bodies
 * nor spends a core's fifth collecting them, time it would take from the server on a small machine.
 */
export function replicaBodyInto(scratch: Buffer, request: {body: Buffer; idOffsets: number[]}, replica: number): Buffer {
	const body = scratch.subarray(0, request.body.length);
	request.body.copy(body);
	const prefix = Buffer.from(replica.toString(16).padStart(ID_PREFIX.length, '0').slice(-ID_PREFIX.length));
	for (const offset of request.idOffsets) {
		prefix.copy(body, offset);
	}

	return body;
}

/** Where the id prefix occurs, found once so that making a replica is a copy and a few writes. */
function findOffsets(body: Buffer): number[] {
	const offsets: number[] = [];
	for (let index = body.indexOf(ID_PREFIX); index !== -1; index = body.indexOf(ID_PREFIX, index + ID_PREFIX.length)) {
		offsets.push(index);
	}

	return offsets;
}
