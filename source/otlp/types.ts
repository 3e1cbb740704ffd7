/**
 * Wire shapes of OTLP export requests, loose enough to describe both a protobufjs-decoded
 * message (bytes as Uint8Array, 64-bit values as Long) and a parsed OTLP/JSON body
 * (hex ids, 64-bit values as strings or numbers). Every field is optional: distrust the wire.
 */
export type OtlpLong = {low: number; high: number; unsigned?: boolean};
export type OtlpInt64 = OtlpLong | string | number | null | undefined;
export type OtlpBytes = Uint8Array | string | null | undefined;

export type OtlpAnyValue = {
	stringValue?: string | null;
	boolValue?: boolean | null;
	intValue?: OtlpInt64;
	doubleValue?: number | string | null;
	arrayValue?: {values?: OtlpAnyValue[] | null} | null;
	kvlistValue?: {values?: OtlpKeyValue[] | null} | null;
	bytesValue?: OtlpBytes;
};

export type OtlpKeyValue = {key?: string | null; value?: OtlpAnyValue | null};

export type OtlpResource = {attributes?: OtlpKeyValue[] | null};
export type OtlpScope = {name?: string | null; version?: string | null};

export type OtlpLogRecord = {
	timeUnixNano?: OtlpInt64;
	observedTimeUnixNano?: OtlpInt64;
	severityNumber?: number | null;
	severityText?: string | null;
	body?: OtlpAnyValue | null;
	attributes?: OtlpKeyValue[] | null;
	traceId?: OtlpBytes;
	spanId?: OtlpBytes;
	eventName?: string | null;
};

export type OtlpSpanEvent = {
	timeUnixNano?: OtlpInt64;
	name?: string | null;
	attributes?: OtlpKeyValue[] | null;
};

export type OtlpSpan = {
	traceId?: OtlpBytes;
	spanId?: OtlpBytes;
	parentSpanId?: OtlpBytes;
	name?: string | null;
	kind?: number | null;
	startTimeUnixNano?: OtlpInt64;
	endTimeUnixNano?: OtlpInt64;
	attributes?: OtlpKeyValue[] | null;
	events?: OtlpSpanEvent[] | null;
	status?: {code?: number | null; message?: string | null} | null;
};

export type OtlpNumberDataPoint = {
	attributes?: OtlpKeyValue[] | null;
	timeUnixNano?: OtlpInt64;
	asDouble?: number | string | null;
	asInt?: OtlpInt64;
};

export type OtlpHistogramDataPoint = {
	attributes?: OtlpKeyValue[] | null;
	timeUnixNano?: OtlpInt64;
	count?: OtlpInt64;
	sum?: number | string | null;
};

export type OtlpMetric = {
	name?: string | null;
	unit?: string | null;
	gauge?: {dataPoints?: OtlpNumberDataPoint[] | null} | null;
	sum?: {dataPoints?: OtlpNumberDataPoint[] | null; aggregationTemporality?: number | null; isMonotonic?: boolean | null} | null;
	histogram?: {dataPoints?: OtlpHistogramDataPoint[] | null; aggregationTemporality?: number | null} | null;
	exponentialHistogram?: {dataPoints?: OtlpHistogramDataPoint[] | null} | null;
	summary?: {dataPoints?: OtlpHistogramDataPoint[] | null} | null;
};

export type OtlpLogsRequest = {
	resourceLogs?: Array<{resource?: OtlpResource | null; scopeLogs?: Array<{scope?: OtlpScope | null; logRecords?: OtlpLogRecord[] | null}> | null}> | null;
};

export type OtlpTracesRequest = {
	resourceSpans?: Array<{resource?: OtlpResource | null; scopeSpans?: Array<{scope?: OtlpScope | null; spans?: OtlpSpan[] | null}> | null}> | null;
};

export type OtlpMetricsRequest = {
	resourceMetrics?: Array<{resource?: OtlpResource | null; scopeMetrics?: Array<{scope?: OtlpScope | null; metrics?: OtlpMetric[] | null}> | null}> | null;
};

export type OtlpExport =
	| {signal: 'logs'; request: OtlpLogsRequest}
	| {signal: 'traces'; request: OtlpTracesRequest}
	| {signal: 'metrics'; request: OtlpMetricsRequest};
