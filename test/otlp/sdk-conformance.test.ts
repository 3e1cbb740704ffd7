import zlib from 'node:zlib';
import {SeverityNumber} from '@opentelemetry/api-logs';
import {JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer} from '@opentelemetry/otlp-transformer';
import {resourceFromAttributes} from '@opentelemetry/resources';
import {InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor} from '@opentelemetry/sdk-logs';
import {AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader} from '@opentelemetry/sdk-metrics';
import {BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor} from '@opentelemetry/sdk-trace-base';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import type {OtlpExport} from '../../source/otlp/types.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {createIngest} from '../../source/app/ingest.js';
import {createReceiver, type Receiver} from '../../source/receiver/server.js';
import {openDatabase} from '../../source/store/database.js';
import {request} from '../helpers/http.js';

const CONVERSATION = '019a0000-0000-7000-8000-00000000c0de';
const TURN = '019a0000-0000-7000-8000-0000000070a1';
const resource = resourceFromAttributes({'service.name': 'codex_exec', 'service.version': '0.169.0', env: 'conformance', team: 'platform'});

/** Codex-shaped telemetry produced by the real OpenTelemetry JS SDK, through its in-memory exporters. */
async function produceTelemetry() {
	const logExporter = new InMemoryLogRecordExporter();
	const loggerProvider = new LoggerProvider({resource, processors: [new SimpleLogRecordProcessor({exporter: logExporter})]});
	const logger = loggerProvider.getLogger('codex_otel.log_only');
	const common = {'conversation.id': CONVERSATION, model: 'gpt-5.1-codex-mini', originator: 'codex_exec', 'app.version': '0.169.0'};
	const emit = (name: string, attributes: Record<string, string | number | boolean>, at: string) => {
		logger.emit({eventName: 'event otel/src/events/session_telemetry.rs:1', severityNumber: SeverityNumber.INFO, attributes: {'event.name': name, 'event.timestamp': at, ...common, ...attributes}});
	};

	emit('codex.conversation_starts', {approval_policy: 'never', sandbox_policy: 'workspace-write', provider_name: 'SDK', mcp_servers: ''}, '2026-01-01T00:00:00.000Z');
	emit('codex.user_prompt', {prompt: 'run it', prompt_length: '6'}, '2026-01-01T00:00:01.000Z');
	emit('codex.api_request', {duration_ms: '250', 'http.response.status_code': 200, attempt: 0}, '2026-01-01T00:00:01.300Z');
	emit('codex.sse_event', {'event.kind': 'response.completed', input_token_count: '5000', output_token_count: '300', cached_token_count: 4000, reasoning_token_count: 120, tool_token_count: '5300'}, '2026-01-01T00:00:01.500Z');
	emit('codex.tool_decision', {tool_name: 'exec_command', call_id: 'call_1', decision: 'approved_for_session', source: 'User'}, '2026-01-01T00:00:02.000Z');
	emit('codex.tool_result', {tool_name: 'exec_command', call_id: 'call_1', arguments: '{"cmd":"make test"}', output: 'ok', duration_ms: '900', success: 'false'}, '2026-01-01T00:00:03.000Z');
	emit('codex.sandbox_outcome', {call_id: 'call_1', outcome: 'ok'}, '2026-01-01T00:00:03.100Z');
	logger.emit({body: 'flushing OTEL metrics', severityNumber: SeverityNumber.DEBUG});

	const spanExporter = new InMemorySpanExporter();
	const tracerProvider = new BasicTracerProvider({resource, spanProcessors: [new SimpleSpanProcessor(spanExporter)]});
	const tracer = tracerProvider.getTracer('codex_exec');
	const start = Date.parse('2026-01-01T00:00:00.900Z');
	const turn = tracer.startSpan('session_task.turn', {startTime: start, attributes: {'thread.id': CONVERSATION, 'turn.id': TURN, 'codex.turn.token_usage.input_tokens': 5000, 'codex.turn.token_usage.output_tokens': 300}});
	const tool = tracer.startSpan('exec_command', {startTime: start + 1100, attributes: {tool_name: 'exec_command', call_id: 'call_1', 'conversation.id': CONVERSATION, 'turn.id': TURN, aborted: false}});
	tool.end(start + 2100);
	const aborted = tracer.startSpan('exec_command', {startTime: start + 2200, attributes: {tool_name: 'exec_command', call_id: 'call_2', 'conversation.id': CONVERSATION, 'turn.id': TURN, aborted: true}});
	aborted.end(start + 2300);
	tracer.startSpan('fs.read_file', {startTime: start}).end(start + 1);
	turn.end(start + 2500);

	const metricExporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
	const reader = new PeriodicExportingMetricReader({exporter: metricExporter, exportIntervalMillis: 60_000});
	const meterProvider = new MeterProvider({resource, readers: [reader]});
	meterProvider.getMeter('codex').createHistogram('codex.turn.token_usage').record(5300, {token_type: 'total'});
	await reader.forceFlush();

	return {logs: logExporter.getFinishedLogRecords(), spans: spanExporter.getFinishedSpans(), metrics: metricExporter.getMetrics(), turnSpanIds: turn.spanContext()};
}

let telemetry: Awaited<ReturnType<typeof produceTelemetry>>;
let receiver: Receiver;
let base: string;
const captured: OtlpExport[] = [];

beforeAll(async () => {
	telemetry = await produceTelemetry();
	receiver = createReceiver({host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, maxDecompressedBytes: 1 << 20, consume: exported => captured.push(exported)});
	base = `http://127.0.0.1:${(await receiver.start()).port}`;
});

afterAll(async () => {
	await receiver.close();
});

type Encoded = {path: string; contentType: string; body: Uint8Array};

function encodeAll(encoding: 'protobuf' | 'json'): Encoded[] {
	const pb = encoding === 'protobuf';
	const contentType = pb ? 'application/x-protobuf' : 'application/json';
	return [
		{path: '/v1/logs', contentType, body: (pb ? ProtobufLogsSerializer : JsonLogsSerializer).serializeRequest(telemetry.logs)!},
		{path: '/v1/traces', contentType, body: (pb ? ProtobufTraceSerializer : JsonTraceSerializer).serializeRequest(telemetry.spans)!},
		{path: '/v1/metrics', contentType, body: (pb ? ProtobufMetricsSerializer : JsonMetricsSerializer).serializeRequest(telemetry.metrics.at(-1)!)!},
	];
}

async function post(encoded: Encoded[], gzip: boolean): Promise<OtlpExport[]> {
	const from = captured.length;
	for (const item of encoded) {
		const headers: Record<string, string> = {'content-type': item.contentType};
		if (gzip) {
			headers['content-encoding'] = 'gzip';
		}

		const result = await request(`${base}${item.path}`, {headers, body: gzip ? zlib.gzipSync(item.body) : item.body});
		expect(result.status).toBe(200);
	}

	return captured.slice(from);
}

function ingestAll(exports: OtlpExport[]) {
	const db = openDatabase(':memory:');
	const hub = createSessionHub();
	const ingest = createIngest(db, hub);
	for (const exported of exports) {
		ingest.ingest(exported, Buffer.from(JSON.stringify(exported.signal) + captured.indexOf(exported)), 0);
	}

	const document = buildSessionDocument(hub.getSession(CONVERSATION)!);
	db.close();
	return document;
}

describe.each([
	['protobuf', false],
	['protobuf', true],
	['json', false],
	['json', true],
] as const)('OpenTelemetry JS SDK %s (gzip: %s) → receiver', (encoding, gzip) => {
	test('records decode with their ids, times, event name and typed attributes', async () => {
		const [logs, traces, metrics] = await post(encodeAll(encoding), gzip);
		const flatLogs = flattenExport(logs!).logs;
		expect(flatLogs).toHaveLength(telemetry.logs.length);
		expect(flatLogs[0]!.eventName).toBe('event otel/src/events/session_telemetry.rs:1');
		const usage = flatLogs.find(log => log.attributes.input_token_count !== undefined)!;
		expect(usage.attributes).toMatchObject({input_token_count: '5000', cached_token_count: 4000, 'conversation.id': CONVERSATION});
		expect(flatLogs.at(-1)!.body).toBe('flushing OTEL metrics');
		expect(flatLogs[0]!.resource.attributes).toMatchObject({'service.name': 'codex_exec', team: 'platform'});

		const spans = flattenExport(traces!).spans;
		const turn = spans.find(span => span.name === 'session_task.turn')!;
		expect(turn.traceId).toBe(telemetry.turnSpanIds.traceId);
		expect(turn.spanId).toBe(telemetry.turnSpanIds.spanId);
		expect(turn.startMs).toBe(Date.parse('2026-01-01T00:00:00.900Z'));
		expect(turn.endMs - turn.startMs).toBe(2500);
		expect(spans.find(span => span.attributes.call_id === 'call_2')!.attributes.aborted).toBe(true);

		const points = flattenExport(metrics!).metrics;
		expect(points.find(point => point.name === 'codex.turn.token_usage')).toMatchObject({type: 'histogram', count: 1, value: 5300, attributes: {token_type: 'total'}});
	});

	test('the session model reads the same session from them', async () => {
		const document = ingestAll(await post(encodeAll(encoding), gzip));
		expect(document.tokens).toEqual({input: 5000, cached: 4000, output: 300, reasoning: 120, total: 5300});
		expect(document.turns).toHaveLength(1);
		expect(document.turns[0]!.turnId).toBe(TURN);
		expect(document.toolCalls.map(call => [call.callId, call.decision, call.decisionSource, call.success, call.arguments])).toEqual([
			['call_1', 'approved_for_session', 'User', false, '{"cmd":"make test"}'],
			['call_2', 'abort', 'User', null, ''],
		]);
		expect(document.resource).toMatchObject({team: 'platform', env: 'conformance'});
	});
});
