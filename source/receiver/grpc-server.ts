import {logVerbosity, Server, ServerCredentials, setLogVerbosity, status, type sendUnaryData, type ServerUnaryCall} from '@grpc/grpc-js';
import {decodeExport, DecodeError, TooManyItemsError, type DecodeOptions} from '../otlp/decode.js';
import {SIGNALS, type Signal} from '../otlp/signal.js';
import type {OtlpExport} from '../otlp/types.js';
import {checkAccess, type AccessPolicy} from './access.js';
import type {Consume} from './handle-export.js';
import {rawExportService} from '../otlp/grpc-services.js';
import {PortInUseError} from './server.js';

export type GrpcReceiverOptions = {
	host: string;
	port: number;
	consume: Consume;
	/** What decoding may leave out because `consume` does not use it (metric points it only counts). */
	decode?: DecodeOptions;
	/** The largest message accepted, after gzip is undone (grpc-js refuses bigger ones with RESOURCE_EXHAUSTED). */
	maxMessageBytes: number;
	access?: AccessPolicy;
	/** Counts every refused request, by the HTTP status OTLP/HTTP would have answered. */
	onRejected?: (status: number, message: string) => void;
	now?: () => number;
	/** Overrides for tests. */
	timeouts?: {connectionAgeMs?: number; connectionAgeGraceMs?: number};
};

export type GrpcReceiver = {
	/** Resolves with the bound port once listening. */
	start(): Promise<number>;
	close(): Promise<void>;
};

// grpc-js logs to the console by default, which would tear the live screen; every failure is reported by codexmon itself.
setLogVerbosity(logVerbosity.NONE);

/**
 * A connection is asked to reconnect (GOAWAY) after this long, and cut after the grace that follows: a call
 * whose message never finishes cannot hold a stream open for good (exporters reconnect transparently).
 */
const CONNECTION_AGE_MS = 300_000;
const CONNECTION_AGE_GRACE_MS = 30_000;

/** How long a closing server waits for calls in flight before cutting them. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * OTLP/gRPC on the same pipeline as OTLP/HTTP: the raw protobuf message goes through the same decoder,
 * token check and consume, and the empty response is sent only after the request is committed.
 */
export function createGrpcReceiver(options: GrpcReceiverOptions): GrpcReceiver {
	const server = new Server({
		'grpc.max_receive_message_length': options.maxMessageBytes,
		// An empty response needs no room; a bigger one is never sent.
		'grpc.max_send_message_length': 1024,
		'grpc.max_connection_age_ms': options.timeouts?.connectionAgeMs ?? CONNECTION_AGE_MS,
		'grpc.max_connection_age_grace_ms': options.timeouts?.connectionAgeGraceMs ?? CONNECTION_AGE_GRACE_MS,
	});
	for (const signal of SIGNALS) {
		server.addService(rawExportService(signal), {Export: exportHandler(signal, options)});
	}

	return {
		async start() {
			const address = `${options.host.includes(':') ? `[${options.host}]` : options.host}:${options.port}`;
			return new Promise<number>((resolve, reject) => {
				server.bindAsync(address, ServerCredentials.createInsecure(), (error, port) => {
					if (error) {
						const why = error.message.includes('EADDRINUSE') ? 'the port is already in use (another codexmon, or an OpenTelemetry Collector?)' : error.message;
						reject(new PortInUseError(`cannot listen for OTLP/gRPC on ${address}: ${why}; choose another port with --grpc-port N, or turn gRPC off with --no-grpc`, {cause: error}));
						return;
					}

					resolve(port);
				});
			});
		},
		async close() {
			await new Promise<void>(resolve => {
				const force = setTimeout(() => {
					server.forceShutdown();
					resolve();
				}, SHUTDOWN_GRACE_MS);
				force.unref();
				server.tryShutdown(() => {
					clearTimeout(force);
					resolve();
				});
			});
		},
	};
}

function exportHandler(signal: Signal, options: GrpcReceiverOptions) {
	return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
		const reject = (code: status, httpStatus: number, message: string) => {
			options.onRejected?.(httpStatus, message);
			callback({code, details: message});
		};

		const metadata = call.metadata.getMap();
		const denied = checkAccess({authorization: asString(metadata.authorization), origin: asString(metadata.origin)}, options.access ?? {});
		if (denied) {
			reject(denied.status === 401 ? status.UNAUTHENTICATED : status.PERMISSION_DENIED, denied.status, denied.message);
			return;
		}

		let exported: OtlpExport;
		try {
			exported = decodeExport(signal, 'protobuf', call.request, options.decode);
		} catch (error) {
			if (error instanceof TooManyItemsError) {
				reject(status.RESOURCE_EXHAUSTED, 413, error.message);
			} else {
				reject(status.INVALID_ARGUMENT, 400, error instanceof DecodeError ? error.message : `cannot decode message: ${(error as Error).message}`);
			}

			return;
		}

		Promise.resolve()
			.then(async () => options.consume(exported, call.request, (options.now ?? Date.now)(), 'protobuf'))
			.then(() => {
				callback(null, Buffer.alloc(0));
			}, (error: unknown) => {
				reject(status.UNAVAILABLE, 503, `cannot store the request: ${(error as Error).message}`);
			});
	};
}

function asString(value: string | Buffer | undefined): string | undefined {
	return value === undefined ? undefined : String(value);
}
