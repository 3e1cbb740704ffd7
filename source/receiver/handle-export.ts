import type {IncomingMessage, ServerResponse} from 'node:http';
import {decodeExport, DecodeError, TooManyItemsError, type DecodeOptions, type Encoding} from '../otlp/decode.js';
import {signalFromPath} from '../otlp/signal.js';
import type {OtlpExport} from '../otlp/types.js';
import {checkAccess, type AccessPolicy} from './access.js';
import {BodyError, readBody, type BodyLimits} from './read-body.js';
import {respondError, respondSuccess} from './respond.js';

/** Stores a decoded request (`body` is the uncompressed message); returns (or resolves) once it is committed. */
export type Consume = (exported: OtlpExport, body: Uint8Array, receivedMs: number, encoding: Encoding) => unknown;

export type ExportHandlerOptions = {
	consume: Consume;
	/** What decoding may leave out because `consume` does not use it (metric points it only counts). */
	decode?: DecodeOptions;
	limits: BodyLimits;
	access?: AccessPolicy;
	/** Counts every refused request, by reason. */
	onRejected?: (status: number, message: string) => void;
	now?: () => number;
};

/** How long a client should wait before retrying a request the store could not take. */
export const RETRY_AFTER_SECONDS = 1;

const SUPPORTED_TYPES = 'application/x-protobuf, application/json';

/**
 * One OTLP/HTTP export, as a straight pipeline of early returns (the collector's order):
 * access → method → content type → body → decode → consume → 200.
 */
export async function handleExport(request: IncomingMessage, response: ServerResponse, options: ExportHandlerOptions): Promise<void> {
	const reject = (status: number, message: string, encoding: Encoding | undefined, headers?: Record<string, string>) => {
		options.onRejected?.(status, message);
		respondError(response, status, message, encoding, headers);
		if (!request.complete) {
			request.resume();
		}
	};

	const denied = checkAccess(request.headers, options.access ?? {});
	if (denied) {
		reject(denied.status, denied.message, undefined, denied.headers);
		return;
	}

	if (request.method !== 'POST') {
		reject(405, `method ${request.method ?? ''} not allowed, use POST`, undefined, {allow: 'POST'});
		return;
	}

	const encoding = encodingOf(request.headers['content-type']);
	if (!encoding) {
		reject(415, `unsupported content type "${request.headers['content-type'] ?? ''}", supported: ${SUPPORTED_TYPES}`, undefined);
		return;
	}

	let body: Buffer;
	try {
		body = await readBody(request, options.limits);
	} catch (error) {
		if (error instanceof BodyError) {
			// Past the limit the rest of the body was read and discarded (see readBody), so the client reads the 413.
			reject(error.status, error.message, encoding, error.closeConnection ? {connection: 'close'} : undefined);
			return;
		}

		reject(400, `cannot read body: ${(error as Error).message}`, encoding);
		return;
	}

	let exported: OtlpExport;
	try {
		exported = decodeExport(signalFromPath(request.url ?? '/'), encoding, body, options.decode);
	} catch (error) {
		reject(error instanceof TooManyItemsError ? 413 : 400, error instanceof DecodeError ? error.message : `cannot decode body: ${(error as Error).message}`, encoding);
		return;
	}

	try {
		await options.consume(exported, body, (options.now ?? Date.now)(), encoding);
	} catch (error) {
		// 503 is retryable: the exporter sends the same request again (and the store keeps it once).
		reject(503, `cannot store the request: ${(error as Error).message}`, encoding, {'retry-after': String(RETRY_AFTER_SECONDS)});
		return;
	}

	respondSuccess(response, encoding);
}

function encodingOf(contentType: string | undefined): Encoding | undefined {
	const type = (contentType ?? '').split(';', 1)[0]!.trim().toLowerCase();
	if (type === 'application/x-protobuf' || type === 'application/protobuf') {
		return 'protobuf';
	}

	if (type === 'application/json') {
		return 'json';
	}

	return undefined;
}
