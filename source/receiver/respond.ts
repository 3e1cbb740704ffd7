import type {ServerResponse} from 'node:http';
import {encodeStatus, type Encoding} from '../otlp/decode.js';

const EMPTY = new Uint8Array(0);

/** Lets `codexmon doctor` tell a port served by codexmon from one taken by something else. */
export const SERVER_NAME = 'codexmon';

/** 200 with an empty Export*ServiceResponse in the request's encoding. */
export function respondSuccess(response: ServerResponse, encoding: Encoding): void {
	if (encoding === 'json') {
		send(response, 200, 'application/json', '{}');
	} else {
		send(response, 200, 'application/x-protobuf', EMPTY);
	}
}

/** An error with a google.rpc.Status body in the request's encoding (JSON when it is unknown). */
export function respondError(response: ServerResponse, status: number, message: string, encoding: Encoding | undefined, headers: Record<string, string> = {}): void {
	for (const [name, value] of Object.entries(headers)) {
		response.setHeader(name, value);
	}

	if (encoding === 'protobuf') {
		send(response, status, 'application/x-protobuf', encodeStatus(grpcCodeOf(status), message));
	} else {
		send(response, status, 'application/json', JSON.stringify({code: grpcCodeOf(status), message}));
	}
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Uint8Array): void {
	if (response.headersSent || response.destroyed) {
		return;
	}

	response.writeHead(status, {'content-type': contentType, 'content-length': Buffer.byteLength(body), server: SERVER_NAME});
	response.end(body);
}

/** The gRPC status code OTLP puts in Status.code for an HTTP status. */
function grpcCodeOf(status: number): number {
	switch (status) {
		case 400: {
			return 3; // INVALID_ARGUMENT
		}

		case 401: {
			return 16; // UNAUTHENTICATED
		}

		case 413: {
			return 8; // RESOURCE_EXHAUSTED
		}

		case 503: {
			return 14; // UNAVAILABLE
		}

		default: {
			return status >= 500 ? 13 : 3; // INTERNAL : INVALID_ARGUMENT
		}
	}
}
