import {Client, credentials, logVerbosity, Metadata, setLogVerbosity, status, type ServiceError} from '@grpc/grpc-js';
import {GRPC_EXPORT_PATHS} from '../otlp/grpc-services.js';
import type {ForwardTarget} from './forward-target.js';
import type {ForwardItem, Sender, SendOutcome} from './forward-item.js';
import {jsonToProtobuf} from './json-to-protobuf.js';

/** The codes OTLP/gRPC says a client should retry. */
const RETRYABLE = new Set<number>([status.CANCELLED, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED, status.ABORTED, status.OUT_OF_RANGE, status.UNAVAILABLE, status.DATA_LOSS]);

const GZIP = 2;

// grpc-js logs to the console by default, which would tear the live screen; failures are counted in the stats.
setLogVerbosity(logVerbosity.NONE);

const identity = (bytes: Buffer) => bytes;

/** Sends each request's protobuf message on one gRPC channel, gzipped, with the configured headers as metadata. */
export function createGrpcSender(target: Extract<ForwardTarget, {kind: 'grpc'}>, headers: Readonly<Record<string, string>>, timeoutMs: number): Sender {
	const client = new Client(target.address, target.tls ? credentials.createSsl() : credentials.createInsecure(), {
		'grpc.default_compression_algorithm': GZIP,
		'grpc.primary_user_agent': 'codexmon',
		// grpc-js waits up to 2 minutes between reconnects by default; the forwarder has its own backoff.
		'grpc.initial_reconnect_backoff_ms': 500,
		'grpc.max_reconnect_backoff_ms': 5000,
	});
	const metadata = new Metadata();
	for (const [name, value] of Object.entries(headers)) {
		metadata.set(name.toLowerCase(), value);
	}

	return {
		async send(item: ForwardItem): Promise<SendOutcome> {
			let message: Buffer;
			try {
				const bytes = item.encoding === 'json' ? jsonToProtobuf(item.signal, item.body) : item.body;
				message = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
			} catch (error) {
				return {ok: false, retry: false, error: `cannot re-encode a JSON ${item.signal} request as protobuf: ${(error as Error).message}`};
			}

			return new Promise(resolve => {
				client.makeUnaryRequest(GRPC_EXPORT_PATHS[item.signal], identity, identity, message, metadata, {deadline: Date.now() + timeoutMs}, (error: ServiceError | null) => {
					if (!error) {
						resolve({ok: true});
						return;
					}

					resolve({ok: false, retry: RETRYABLE.has(error.code), error: `gRPC ${status[error.code] ?? error.code}: ${error.details.replace(/\.?\s*Resolution note:\s*$/, '')}`});
				});
			});
		},
		close() {
			client.close();
		},
	};
}
