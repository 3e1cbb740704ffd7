import type {Attributes} from './any-value.js';

/** The resource of a batch, shared by every record under it. */
export type ResourceInfo = {
	serviceName: string;
	attributes: Attributes;
};

export type LogTelemetry = {
	signal: 'logs';
	resource: ResourceInfo;
	scope: string;
	timeMs: number;
	observedMs: number;
	severity: number;
	eventName: string;
	traceId: string;
	spanId: string;
	body: unknown;
	attributes: Attributes;
};

export type SpanEventTelemetry = {name: string; timeMs: number; attributes: Attributes};

export type SpanTelemetry = {
	signal: 'traces';
	resource: ResourceInfo;
	scope: string;
	name: string;
	traceId: string;
	spanId: string;
	parentSpanId: string;
	kind: number;
	startMs: number;
	endMs: number;
	attributes: Attributes;
	events: SpanEventTelemetry[];
};

export type MetricPointTelemetry = {
	signal: 'metrics';
	resource: ResourceInfo;
	scope: string;
	name: string;
	unit: string;
	type: 'gauge' | 'sum' | 'histogram' | 'exponential_histogram' | 'summary';
	timeMs: number;
	value: number;
	count: number | undefined;
	attributes: Attributes;
};

export type TelemetryRecord = LogTelemetry | SpanTelemetry | MetricPointTelemetry;
