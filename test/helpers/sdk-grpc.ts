import {createRequire} from 'node:module';
import {GRPC_EXPORT_PATHS} from '../../source/otlp/grpc-services.js';
import type {CapturedRequest} from './captures.js';

/**
 * The OpenTelemetry JS SDK's own gRPC transport (what its OTLP/gRPC exporters send with), so real
 * captured request bytes go over the wire exactly as an SDK exporter frames them.
 */
export type ExportResponse = {status: 'success' | 'failure' | 'retryable'; error?: Error & {code?: number}};
export type GrpcTransport = {send(data: Uint8Array, timeoutMillis: number): Promise<ExportResponse>; shutdown(): void};
const require = createRequire(import.meta.url);
const {createOtlpGrpcExporterTransport, createInsecureCredentials, createEmptyMetadata} = require('@opentelemetry/otlp-grpc-exporter-base/build/src/grpc-exporter-transport.js') as {
	createOtlpGrpcExporterTransport(options: {grpcPath: string; grpcName: string; address: string; credentials: () => unknown; metadata: () => {set(key: string, value: string): void}; compression: 'gzip' | 'none'}): GrpcTransport;
	createInsecureCredentials(): unknown;
	createEmptyMetadata(): {set(key: string, value: string): void};
};

const SERVICE_NAMES = {logs: 'LogsService', traces: 'TraceService', metrics: 'MetricsService'} as const;

export function sdkTransport(port: number, signal: CapturedRequest['signal'], headers: Record<string, string> = {}): GrpcTransport {
	return createOtlpGrpcExporterTransport({
		grpcPath: GRPC_EXPORT_PATHS[signal],
		grpcName: SERVICE_NAMES[signal],
		address: `127.0.0.1:${port}`,
		credentials: createInsecureCredentials,
		metadata() {
			const metadata = createEmptyMetadata();
			for (const [key, value] of Object.entries(headers)) {
				metadata.set(key, value);
			}

			return metadata;
		},
		compression: 'gzip',
	});
}

/** Sends captured requests in order through the SDK's gRPC transport; fails on any error. */
export async function sendCaptureOverGrpc(port: number, requests: CapturedRequest[]): Promise<void> {
	const transports = {logs: sdkTransport(port, 'logs'), traces: sdkTransport(port, 'traces'), metrics: sdkTransport(port, 'metrics')};
	try {
		for (const captured of requests) {
			const result = await transports[captured.signal].send(captured.body, 10_000);
			if (result.status !== 'success') {
				throw new Error(`${captured.path} #${captured.seq}: ${result.error?.message}`);
			}
		}
	} finally {
		for (const transport of Object.values(transports)) {
			transport.shutdown();
		}
	}
}
