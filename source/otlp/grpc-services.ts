import type {ServiceDefinition} from '@grpc/grpc-js';
import type {Signal} from './signal.js';

/** The unary Export method of each OTLP collector service (opentelemetry-proto, collector/*.proto). */
export const GRPC_EXPORT_PATHS: Record<Signal, string> = {
	logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
	traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
	metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const identity = (bytes: Buffer) => bytes;

/**
 * A service whose messages stay raw bytes: the receiver hands them to the same protobuf decoder as
 * OTLP/HTTP, and the forwarder passes them on unchanged (an empty message is a valid empty response).
 */
export function rawExportService(signal: Signal): ServiceDefinition {
	return {
		Export: {
			path: GRPC_EXPORT_PATHS[signal],
			requestStream: false,
			responseStream: false,
			requestSerialize: identity,
			requestDeserialize: identity,
			responseSerialize: identity,
			responseDeserialize: identity,
		},
	};
}
