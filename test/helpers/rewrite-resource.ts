import protobuf from 'protobufjs';
import descriptor from '../../source/otlp/proto/otlp.json' with {type: 'json'};
import type {CapturedRequest} from './captures.js';

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const TYPES = {
	logs: root.lookupType('opentelemetry.proto.logs.v1.ExportLogsServiceRequest'),
	traces: root.lookupType('opentelemetry.proto.trace.v1.ExportTraceServiceRequest'),
	metrics: root.lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest'),
};
const LIST_KEYS = {logs: 'resourceLogs', traces: 'resourceSpans', metrics: 'resourceMetrics'} as const;

/**
 * A real captured request with extra resource attributes, as Codex sends them when its environment
 * sets OTEL_RESOURCE_ATTRIBUTES (e.g. team=platform): everything else is left as captured.
 */
export function withResourceAttributes(request: CapturedRequest, extra: Record<string, string>): CapturedRequest {
	const json = request.contentType.includes('json');
	const type = TYPES[request.signal];
	const message = json ? JSON.parse(request.body.toString('utf8')) as Record<string, unknown> : type.toObject(type.decode(request.body), {longs: String, bytes: Array});
	const added = Object.entries(extra).map(([key, value]) => ({key, value: {stringValue: value}}));
	for (const resourceItem of (message[LIST_KEYS[request.signal]] ?? []) as Array<{resource?: {attributes?: unknown[]}}>) {
		resourceItem.resource ??= {attributes: []};
		resourceItem.resource.attributes = [...(resourceItem.resource.attributes ?? []), ...added];
	}

	const body = json ? Buffer.from(JSON.stringify(message)) : Buffer.from(type.encode(type.fromObject(message)).finish());
	return {...request, body};
}
