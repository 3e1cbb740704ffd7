import protobuf from 'protobufjs';
import descriptor from '../../source/otlp/proto/otlp.json' with {type: 'json'};
import type {CapturedRequest} from './captures.js';

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const TYPES = {
	logs: root.lookupType('opentelemetry.proto.logs.v1.ExportLogsServiceRequest'),
	traces: root.lookupType('opentelemetry.proto.trace.v1.ExportTraceServiceRequest'),
	metrics: root.lookupType('opentelemetry.proto.metrics.v1.ExportMetricsServiceRequest'),
};

type Walk = (value: unknown, key: string, parent: Record<string, unknown>) => void;

function walk(value: unknown, visit: Walk): void {
	if (Array.isArray(value)) {
		for (const item of value) {
			walk(item, visit);
		}
	} else if (typeof value === 'object' && value !== null) {
		for (const [key, item] of Object.entries(value)) {
			visit(item, key, value as Record<string, unknown>);
			walk(item, visit);
		}
	}
}

function decoded(request: CapturedRequest): Record<string, unknown> {
	const type = TYPES[request.signal];
	return request.contentType.includes('json') ? JSON.parse(request.body.toString('utf8')) as Record<string, unknown> : type.toObject(type.decode(request.body), {longs: String, bytes: Array}) as Record<string, unknown>;
}

const isTime = (key: string, value: unknown) => key.endsWith('UnixNano') && (typeof value === 'string' || typeof value === 'number') && BigInt(value) > 0n;

/**
 * A real capture as if Codex were sending it now: every time in it (record, span and point times, and the
 * logs' `event.timestamp`) moved by the same amount so that its latest lies at `latestAtMs`. Nothing else changes.
 */
export function retimeCapture(requests: CapturedRequest[], latestAtMs: number): CapturedRequest[] {
	const messages = requests.map(request => decoded(request));
	let latestNs = 0n;
	for (const message of messages) {
		walk(message, (value, key) => {
			if (isTime(key, value) && BigInt(value as string) > latestNs) {
				latestNs = BigInt(value as string);
			}
		});
	}

	const shiftNs = (BigInt(Math.round(latestAtMs)) * 1_000_000n) - latestNs;
	return requests.map((request, index) => {
		const message = messages[index]!;
		walk(message, (value, key, parent) => {
			if (isTime(key, value)) {
				parent[key] = String(BigInt(value as string) + shiftNs);
			} else if (key === 'key' && value === 'event.timestamp') {
				const holder = parent.value as {stringValue?: string} | undefined;
				const ms = Date.parse(holder?.stringValue ?? '');
				if (holder && Number.isFinite(ms)) {
					holder.stringValue = new Date(ms + Number(shiftNs / 1_000_000n)).toISOString();
				}
			}
		});
		const type = TYPES[request.signal];
		const body = request.contentType.includes('json') ? Buffer.from(JSON.stringify(message)) : Buffer.from(type.encode(type.fromObject(message)).finish());
		return {...request, body};
	});
}
