import type {Attributes} from '../otlp/any-value.js';
import {toKeyValues, type OtlpJsonItem} from './event-to-otlp.js';

/** Codex's exporters batch at most this many records per request. */
const MAX_RECORDS_PER_REQUEST = 512;

/**
 * Writes OTLP/JSON export requests, one per line (the OpenTelemetry Collector file exporter's format).
 * Consecutive records of one signal share a request, so posting the lines in order to a receiver
 * delivers the records in their original order.
 */
export function createOtlpJsonWriter(write: (line: string) => void): {add(item: OtlpJsonItem): void; end(): void} {
	let signal: OtlpJsonItem['signal'] | undefined;
	// Consecutive records of one resource share a group; a change of resource starts a new one, so order holds.
	let groups: Array<{key: string; resource: Attributes; records: Array<Record<string, unknown>>}> = [];
	let count = 0;

	const flush = () => {
		if (signal === undefined || count === 0) {
			return;
		}

		const resources = groups.map(group => signal === 'logs'
			? {resource: {attributes: toKeyValues(group.resource)}, scopeLogs: [{scope: {name: 'codex_otel.log_only'}, logRecords: group.records}]}
			: {resource: {attributes: toKeyValues(group.resource)}, scopeSpans: [{scope: {name: String(group.resource['service.name'] ?? '')}, spans: group.records}]});
		write(`${JSON.stringify(signal === 'logs' ? {resourceLogs: resources} : {resourceSpans: resources})}\n`);
		groups = [];
		count = 0;
	};

	return {
		add(item) {
			if (item.signal !== signal || count >= MAX_RECORDS_PER_REQUEST) {
				flush();
				signal = item.signal;
			}

			const key = JSON.stringify(item.resource);
			const last = groups.at(-1);
			if (last?.key === key) {
				last.records.push(item.record);
			} else {
				groups.push({key, resource: item.resource, records: [item.record]});
			}

			count++;
		},
		end: flush,
	};
}
