import net from 'node:net';
import path from 'node:path';
import {SeverityNumber} from '@opentelemetry/api-logs';
import {OTLPLogExporter} from '@opentelemetry/exporter-logs-otlp-grpc';
import {OTLPMetricExporter} from '@opentelemetry/exporter-metrics-otlp-grpc';
import {OTLPTraceExporter} from '@opentelemetry/exporter-trace-otlp-grpc';
import {ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer} from '@opentelemetry/otlp-transformer';
import {resourceFromAttributes} from '@opentelemetry/resources';
import {InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor} from '@opentelemetry/sdk-logs';
import {AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader} from '@opentelemetry/sdk-metrics';
import {BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor} from '@opentelemetry/sdk-trace-base';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {receiverStatus} from '../helpers/receiver-status.js';
import {sdkTransport, sendCaptureOverGrpc} from '../helpers/sdk-grpc.js';
import {storeContents} from '../helpers/store-contents.js';

/** The protobuf captures: Codex's default protocol, and the only one gRPC carries. */
const CAPTURES = ['exec-tool', 'exec-loop', 'exec-subagent', 'tui-session'] as const;

const directory = temporaryDirectory();
let overGrpc: Served;
let overHttp: Served;

beforeAll(async () => {
	[overGrpc, overHttp] = await Promise.all([startServe(['--db', path.join(directory, 'grpc.db')]), startServe(['--db', path.join(directory, 'http.db'), '--no-grpc'])]);
});

afterAll(async () => {
	await Promise.all([overGrpc, overHttp].filter(Boolean).map(async served => served.process.exitCode === null ? served.stop() : undefined));
});

describe('OTLP/gRPC receiver', () => {
	test('listens on its own port next to OTLP/HTTP, and not with --no-grpc', () => {
		expect(overGrpc.grpcPort).toBeGreaterThan(0);
		expect(overGrpc.grpcPort).not.toBe(overGrpc.port);
		expect(overHttp.grpcPort).toBeUndefined();
		expect(overHttp.output()).not.toContain('grpc://');
	});

	test('real captures sent through the SDK gRPC transport (gzip) store the same sessions as over HTTP', async () => {
		for (const name of CAPTURES) {
			const requests = loadCapture(name).filter(request => request.contentType === 'application/x-protobuf');
			await Promise.all([sendCaptureOverGrpc(overGrpc.grpcPort!, requests), postCapture(overHttp.url, requests)]);
		}

		const grpcStatus = await receiverStatus(overGrpc.url);
		expect(grpcStatus.stats).toMatchObject({decodeErrors: 0, rejectedRequests: 0, storeErrors: 0});
		expect(grpcStatus.stats.requests).toBe((await receiverStatus(overHttp.url)).stats.requests);
		const viaGrpc = storeContents(path.join(directory, 'grpc.db'));
		expect(viaGrpc.sessions.length).toBeGreaterThanOrEqual(CAPTURES.length);
		expect(viaGrpc).toEqual(storeContents(path.join(directory, 'http.db')));
	}, 60_000);

	test('the SDK\'s OTLP gRPC exporters for logs, traces and metrics (gzip) are received like their protobuf over HTTP', async () => {
		const conversation = '019a0000-0000-7000-8000-0000000067c1';
		const resource = resourceFromAttributes({'service.name': 'codex_exec', 'service.version': '0.169.0'});
		const logs = new InMemoryLogRecordExporter();
		const logger = new LoggerProvider({resource, processors: [new SimpleLogRecordProcessor({exporter: logs})]}).getLogger('codex_otel.log_only');
		const common = {'conversation.id': conversation, model: 'gpt-5.1-codex-mini', 'app.version': '0.169.0'};
		logger.emit({severityNumber: SeverityNumber.INFO, attributes: {'event.name': 'codex.conversation_starts', 'event.timestamp': '2026-02-01T00:00:00.000Z', ...common}});
		// Shaped as Codex sends them: a token record without a prompt before it, or without ttft_ms, is a warm-up.
		logger.emit({severityNumber: SeverityNumber.INFO, attributes: {'event.name': 'codex.user_prompt', 'event.timestamp': '2026-02-01T00:00:00.500Z', prompt: 'list files', prompt_length: '10', ...common}});
		logger.emit({severityNumber: SeverityNumber.INFO, attributes: {'event.name': 'codex.sse_event', 'event.kind': 'response.completed', 'event.timestamp': '2026-02-01T00:00:01.000Z', input_token_count: '700', output_token_count: '40', cached_token_count: '100', reasoning_token_count: '8', tool_token_count: '740', ttft_ms: 120, ...common}});
		logger.emit({severityNumber: SeverityNumber.INFO, attributes: {'event.name': 'codex.tool_result', 'event.timestamp': '2026-02-01T00:00:02.000Z', tool_name: 'exec_command', call_id: 'call_g', arguments: '{"cmd":"ls"}', output: 'ok', duration_ms: '12', success: 'true', ...common}});
		const spans = new InMemorySpanExporter();
		const tracer = new BasicTracerProvider({resource, spanProcessors: [new SimpleSpanProcessor(spans)]}).getTracer('codex_exec');
		const start = Date.parse('2026-02-01T00:00:00.500Z');
		tracer.startSpan('session_task.turn', {startTime: start, attributes: {'thread.id': conversation, 'turn.id': 'turn-g'}}).end(start + 3000);
		const metrics = new InMemoryMetricExporter(AggregationTemporality.DELTA);
		const reader = new PeriodicExportingMetricReader({exporter: metrics, exportIntervalMillis: 60_000});
		new MeterProvider({resource, readers: [reader]}).getMeter('codex').createCounter('codex.tool.call').add(1, {tool: 'exec_command'});
		await reader.forceFlush();

		const url = `http://127.0.0.1:${overGrpc.grpcPort}`;
		const exporters = [
			[new OTLPLogExporter({url, compression: 'gzip' as never}), logs.getFinishedLogRecords()],
			[new OTLPTraceExporter({url, compression: 'gzip' as never}), spans.getFinishedSpans()],
			[new OTLPMetricExporter({url, compression: 'gzip' as never}), metrics.getMetrics().at(-1)!],
		] as const;
		const before = (await receiverStatus(overGrpc.url)).stats.requests;
		for (const [exporter, items] of exporters) {
			const result = await new Promise<{code: number; error?: Error}>(resolve => {
				(exporter.export as (items: unknown, done: (result: {code: number; error?: Error}) => void) => void)(items, resolve);
			});
			expect(result.error?.message).toBeUndefined();
			expect(result.code).toBe(0);
			await exporter.shutdown();
		}

		expect((await receiverStatus(overGrpc.url)).stats.requests).toBe(before + 3);
		await postCapture(overHttp.url, [
			{seq: 1, path: '/v1/logs', contentType: 'application/x-protobuf', signal: 'logs', tMs: 0, body: Buffer.from(ProtobufLogsSerializer.serializeRequest(logs.getFinishedLogRecords())!)},
			{seq: 2, path: '/v1/traces', contentType: 'application/x-protobuf', signal: 'traces', tMs: 0, body: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans.getFinishedSpans())!)},
			{seq: 3, path: '/v1/metrics', contentType: 'application/x-protobuf', signal: 'metrics', tMs: 0, body: Buffer.from(ProtobufMetricsSerializer.serializeRequest(metrics.getMetrics().at(-1)!)!)},
		]);
		const show = (served: string) => JSON.parse(runCli(['show', conversation, '--json', '--db', path.join(directory, served)]).stdout) as {tokens: {input: number; total: number}; toolCalls: Array<{callId: string}>};
		const viaGrpc = show('grpc.db');
		expect(viaGrpc.tokens).toMatchObject({input: 700, total: 740});
		expect(viaGrpc.toolCalls.map(call => call.callId)).toEqual(['call_g']);
		expect(viaGrpc).toEqual(show('http.db'));
	});

	test('a body that is not an export request is INVALID_ARGUMENT, and counted', async () => {
		const before = (await receiverStatus(overGrpc.url)).stats.decodeErrors;
		const transport = sdkTransport(overGrpc.grpcPort!, 'logs');
		const result = await transport.send(Buffer.from([0x0a, 0xff, 0xff, 0xff]), 5000);
		transport.shutdown();
		expect(result.status).not.toBe('success');
		expect(result.error?.code).toBe(3);
		expect((await receiverStatus(overGrpc.url)).stats.decodeErrors).toBe(before + 1);
	});
});

describe('OTLP/gRPC with a token', () => {
	test('without the bearer token it is UNAUTHENTICATED and nothing is stored; with it, accepted', async () => {
		const db = path.join(directory, 'token.db');
		const served = await startServe(['--db', db, '--token', 's3cret-grpc']);
		try {
			const [first] = loadCapture('exec-tool').filter(request => request.signal === 'logs');
			const anonymous = sdkTransport(served.grpcPort!, 'logs');
			const refused = await anonymous.send(first!.body, 5000);
			anonymous.shutdown();
			expect(refused.error?.code).toBe(16);
			const wrong = sdkTransport(served.grpcPort!, 'logs', {authorization: 'Bearer nope'});
			expect((await wrong.send(first!.body, 5000)).error?.code).toBe(16);
			wrong.shutdown();
			expect((await receiverStatus(served.url, 's3cret-grpc')).stats).toMatchObject({requests: 0, rejectedRequests: 2});

			const allowed = sdkTransport(served.grpcPort!, 'logs', {authorization: 'Bearer s3cret-grpc'});
			expect((await allowed.send(first!.body, 5000)).status).toBe('success');
			allowed.shutdown();
			expect((await receiverStatus(served.url, 's3cret-grpc')).stats.eventsStored).toBeGreaterThan(0);
		} finally {
			await served.stop();
		}
	});
});

describe('OTLP/gRPC port errors', () => {
	test('a taken gRPC port (otel-tui, a Collector) costs gRPC only: one stderr warning, and OTLP/HTTP receives', async () => {
		const holder = net.createServer();
		await new Promise<void>(resolve => holder.listen(0, '127.0.0.1', resolve));
		const {port} = holder.address() as net.AddressInfo;
		const db = path.join(directory, 'taken.db');
		let served: Served | undefined;
		try {
			served = await startServe(['--grpc-port', String(port), '--db', db]);
			expect(served.grpcPort).toBeUndefined();
			await postCapture(served.url, loadCapture('exec-tool'));
			expect((await receiverStatus(served.url)).grpcPort).toBeNull();
			expect(await served.stop()).toBe(0);
			const lines = served.output().split('\n');
			expect(lines.filter(line => line.startsWith('codexmon: warning:'))).toEqual([`codexmon: warning: gRPC port ${port} is taken: receiving OTLP/HTTP only (--grpc-port N, or --no-grpc)`]);
			expect(served.output()).not.toContain('    at ');
			expect(storeContents(db).sessions.length).toBeGreaterThan(0);
		} finally {
			if (served?.process.exitCode === null) {
				await served.stop();
			}

			holder.close();
		}
	});

	test('--port N alone puts gRPC one below it, so it does not collide with a codexmon on 4317', () => {
		const help = runCli(['serve', '--help']).stdout;
		expect(help).toMatch(/--grpc-port N +OTLP\/gRPC port \(default 4317, or one below --port N;/);
		expect(runCli(['doctor', '--json', '--port', '14999', '--db', path.join(directory, 'derived.db')]).stdout).toMatch(/gRPC port 127\.0\.0\.1:14998/);
	});

	test('a gRPC port equal to the HTTP port, or out of range, is refused before listening', () => {
		expect(runCli(['serve', '--port', '14999', '--grpc-port', '14999']).stderr).toMatch(/--grpc-port 14999 is the same as --port/);
		expect(runCli(['serve', '--grpc-port', '70000']).stderr).toMatch(/--grpc-port must be a whole number from 0 to 65535, got 70000/);
	});
});
