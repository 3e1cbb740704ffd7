import {hasOwnValue, int64ToValue, toAttributes, toAttributeValue} from './any-value.js';
import {idToHex} from './ids.js';
import {nanosToMs} from './time.js';
import type {LogTelemetry, MetricPointTelemetry, ResourceInfo, SpanTelemetry} from './telemetry-record.js';
import type {OtlpExport, OtlpKeyValue, OtlpMetric, OtlpResource, OtlpSpan} from './types.js';

/** Decides, before its attributes are converted, whether a span is worth keeping. */
export type SpanFilter = (name: string, attributes: OtlpKeyValue[]) => boolean;

/** Decides, before its points are converted, whether a metric is worth keeping. */
export type MetricFilter = (name: string) => boolean;

export type FlattenFilters = {span?: SpanFilter; metric?: MetricFilter};

export type Flattened = {
	logs: LogTelemetry[];
	spans: SpanTelemetry[];
	metrics: MetricPointTelemetry[];
	/** Every record the request held (log records, spans, data points), kept or not. */
	itemCount: number;
};

const EMPTY: OtlpKeyValue[] = [];

/** Walks resource → scope → record nesting into flat records, one resource object per batch. */
export function flattenExport(exported: OtlpExport, filters: FlattenFilters = {}): Flattened {
	const spanFilter = filters.span;
	const result: Flattened = {logs: [], spans: [], metrics: [], itemCount: 0};
	switch (exported.signal) {
		case 'logs': {
			for (const resourceLogs of asArray(exported.request.resourceLogs)) {
				const resource = toResource(resourceLogs?.resource);
				for (const scopeLogs of asArray(resourceLogs?.scopeLogs)) {
					const scope = String(scopeLogs?.scope?.name ?? '');
					for (const record of asArray(scopeLogs?.logRecords)) {
						result.itemCount++;
						if (!record || typeof record !== 'object') {
							continue;
						}

						result.logs.push({
							signal: 'logs',
							resource,
							scope,
							timeMs: nanosToMs(record.timeUnixNano),
							observedMs: nanosToMs(record.observedTimeUnixNano),
							severity: Number(record.severityNumber ?? 0) || 0,
							eventName: typeof record.eventName === 'string' ? record.eventName : '',
							traceId: idToHex(record.traceId),
							spanId: idToHex(record.spanId),
							body: toAttributeValue(record.body),
							attributes: toAttributes(record.attributes),
						});
					}
				}
			}

			break;
		}

		case 'traces': {
			for (const resourceSpans of asArray(exported.request.resourceSpans)) {
				const resource = toResource(resourceSpans?.resource);
				for (const scopeSpans of asArray(resourceSpans?.scopeSpans)) {
					const scope = String(scopeSpans?.scope?.name ?? '');
					for (const span of asArray(scopeSpans?.spans)) {
						result.itemCount++;
						if (!span || typeof span !== 'object') {
							continue;
						}

						const name = String(span.name ?? '');
						if (spanFilter && !spanFilter(name, Array.isArray(span.attributes) ? span.attributes : EMPTY)) {
							continue;
						}

						result.spans.push(toSpan(span, name, resource, scope));
					}
				}
			}

			break;
		}

		case 'metrics': {
			for (const resourceMetrics of asArray(exported.request.resourceMetrics)) {
				const resource = toResource(resourceMetrics?.resource);
				for (const scopeMetrics of asArray(resourceMetrics?.scopeMetrics)) {
					const scope = String(scopeMetrics?.scope?.name ?? '');
					for (const metric of asArray(scopeMetrics?.metrics)) {
						if (!metric || typeof metric !== 'object') {
							continue;
						}

						if (filters.metric && !filters.metric(String(metric.name ?? ''))) {
							result.itemCount += countPoints(metric);
							continue;
						}

						result.itemCount += pushMetricPoints(result.metrics, metric, resource, scope);
					}
				}
			}

			break;
		}
	}

	return result;
}

function toSpan(span: OtlpSpan, name: string, resource: ResourceInfo, scope: string): SpanTelemetry {
	return {
		signal: 'traces',
		resource,
		scope,
		name,
		traceId: idToHex(span.traceId),
		spanId: idToHex(span.spanId),
		parentSpanId: idToHex(span.parentSpanId),
		kind: Number(span.kind ?? 0) || 0,
		startMs: nanosToMs(span.startTimeUnixNano),
		endMs: nanosToMs(span.endTimeUnixNano),
		attributes: toAttributes(span.attributes),
		events: asArray(span.events).map(event => ({
			name: String(event?.name ?? ''),
			timeMs: nanosToMs(event?.timeUnixNano),
			attributes: toAttributes(event?.attributes),
		})),
	};
}

function pushMetricPoints(into: MetricPointTelemetry[], metric: OtlpMetric, resource: ResourceInfo, scope: string): number {
	const name = String(metric.name ?? '');
	const unit = String(metric.unit ?? '');
	const base = {signal: 'metrics' as const, resource, scope, name, unit};
	let count = 0;
	const numberPoints = metric.sum?.dataPoints ?? metric.gauge?.dataPoints;
	if (numberPoints) {
		const type = metric.sum ? 'sum' : 'gauge';
		for (const point of asArray(numberPoints)) {
			count++;
			const value = point && hasOwnValue(point, 'asDouble') ? Number(point.asDouble) : Number(int64ToValue(point?.asInt) ?? 0);
			into.push({...base, type, timeMs: nanosToMs(point?.timeUnixNano), value, count: undefined, attributes: toAttributes(point?.attributes)});
		}

		return count;
	}

	const [type, points] = metric.histogram
		? ['histogram' as const, metric.histogram.dataPoints]
		: (metric.exponentialHistogram
			? ['exponential_histogram' as const, metric.exponentialHistogram.dataPoints]
			: ['summary' as const, metric.summary?.dataPoints]);
	for (const point of asArray(points)) {
		count++;
		into.push({
			...base,
			type,
			timeMs: nanosToMs(point?.timeUnixNano),
			value: Number(point?.sum ?? 0) || 0,
			count: Number(int64ToValue(point?.count) ?? 0),
			attributes: toAttributes(point?.attributes),
		});
	}

	return count;
}

function countPoints(metric: OtlpMetric): number {
	const points = metric.sum?.dataPoints ?? metric.gauge?.dataPoints ?? metric.histogram?.dataPoints ?? metric.exponentialHistogram?.dataPoints ?? metric.summary?.dataPoints;
	return Array.isArray(points) ? points.length : 0;
}

function toResource(resource: OtlpResource | null | undefined): ResourceInfo {
	const attributes = toAttributes(resource?.attributes);
	const serviceName = attributes['service.name'];
	return {serviceName: typeof serviceName === 'string' ? serviceName : '', attributes};
}

function asArray<T>(value: T[] | null | undefined): T[] {
	return Array.isArray(value) ? value : [];
}
