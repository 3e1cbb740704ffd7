import http from 'node:http';
import type {AddressInfo} from 'node:net';
import type {MockLog, MockTransport} from './mock-log.js';
import {ERROR_BODIES, itemKinds, responseEvents, routeRequest, sseFrame, titleStep, type InputItem} from './mock-script.js';
import {createWebSocketMock} from './mock-websocket.js';
import type {Scenario, Usage} from './scenarios.js';

export type {ServedRequest} from './mock-log.js';

export type MockResponsesApi = MockLog & {
	port: number;
	baseUrl: string;
	transport: MockTransport;
	/** Set to answer every later WebSocket warm-up with this usage (the `exec-loop-warmup-usage` capture). */
	warmupUsage: Usage | undefined;
	close(): Promise<void>;
};

/** The SSE body of one answer (the same events the WebSocket mode sends as frames). */
export function responseFrames(...args: Parameters<typeof responseEvents>): string {
	return responseEvents(...args).map(event => sseFrame(event)).join('');
}

/**
 * A Responses API on 127.0.0.1 that plays the given scenarios over HTTP + SSE or the Responses WebSocket
 * (`transport`), with each scenario's scripted faults on a step's first attempt. Anything it does not know is
 * an error answer, recorded in `served`. `delayMs` holds every model answer back, so a time to first token shows.
 */
export async function startMockResponsesApi(scenarios: Scenario[], options: {transport?: MockTransport; delayMs?: number} = {}): Promise<MockResponsesApi> {
	const transport = options.transport ?? 'http';
	const byName = new Map(scenarios.map(scenario => [scenario.name, scenario]));
	// The log is the returned object itself, so the counters a test reads are live.
	const api: MockResponsesApi = {served: [], warmups: [], connections: [], httpPosts: 0, refusedUpgrades: 0, transport, warmupUsage: undefined, port: 0, baseUrl: '', close: async () => undefined};
	const log: MockLog = api;
	const attempts = new Map<string, number>();
	const attemptOf = (scenario: string, step: number) => {
		const key = `${scenario}#${step}`;
		attempts.set(key, (attempts.get(key) ?? 0) + 1);
		return attempts.get(key)!;
	};

	let sequence = 0;
	const nextId = () => `mock_${++sequence}`;
	const webSocket = createWebSocketMock({log, scenarios: byName, nextId, attemptOf, warmupUsage: () => api.warmupUsage, delayMs: options.delayMs ?? 0});

	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = request.url ?? '';
			if (request.method === 'POST' && url.endsWith('/analytics/codex/turn-costs')) {
				response.writeHead(200, {'content-type': 'application/json'}).end('{"turns":[]}');
				return;
			}

			if (request.method !== 'POST' || !url.startsWith('/v1/responses')) {
				response.writeHead(404).end();
				return;
			}

			log.httpPosts++;
			if (transport === 'websocket') {
				log.served.push({scenario: '?', step: -1, title: false, transport: 'http', attempt: 0, itemsSent: [], error: 'HTTP POST /v1/responses in websocket mode: Codex fell back'});
				response.writeHead(500, {'content-type': 'application/json'}).end(JSON.stringify(ERROR_BODIES[500]));
				return;
			}

			let input: InputItem[];
			try {
				input = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as {input?: InputItem[]}).input ?? [];
			} catch (error) {
				log.served.push({scenario: '?', step: -1, title: false, transport: 'http', attempt: 0, itemsSent: [], error: `unreadable body (content-encoding ${request.headers['content-encoding'] ?? 'none'}): ${(error as Error).message}`});
				response.writeHead(400).end();
				return;
			}

			const route = routeRequest(input, byName);
			if ('error' in route) {
				log.served.push({scenario: '?', step: -1, title: false, transport: 'http', attempt: 0, itemsSent: itemKinds(input), error: route.error});
				response.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({error: {message: route.error}}));
				return;
			}

			const id = nextId();
			const {step, usage} = route.title ? titleStep() : {step: route.scenario.steps[route.step]!, usage: route.scenario.usage[route.step]!};
			const name = route.title ? 'title' : route.scenario.name;
			const index = route.title ? 0 : route.step;
			const attempt = attemptOf(name, index);
			const fault = route.title || attempt > 1 ? undefined : route.scenario.faults?.[index];
			const record = {scenario: name, step: index, title: route.title, transport: 'http' as const, attempt, itemsSent: itemKinds(input)};
			if (fault?.kind === 'status') {
				log.served.push({...record, fault: String(fault.status)});
				response.writeHead(fault.status, {
					'content-type': 'application/json',
					'x-request-id': `req_mock_${fault.status}`,
					...(fault.retryAfterSeconds === undefined ? {} : {'retry-after': String(fault.retryAfterSeconds)}),
				}).end(JSON.stringify(ERROR_BODIES[fault.status]));
				return;
			}

			const events = responseEvents(step, usage, id);
			response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'});
			if (fault?.kind === 'cut') {
				log.served.push({...record, fault: 'cut', responseId: id});
				response.write(events.slice(0, 2).map(event => sseFrame(event)).join(''), () => {
					request.socket.destroy();
				});
				return;
			}

			log.served.push({...record, responseId: id});
			setTimeout(() => response.end(events.map(event => sseFrame(event)).join('')), options.delayMs ?? 0);
		});
	});
	server.on('upgrade', (request, socket, head) => {
		if (transport === 'websocket' && request.method === 'GET' && (request.url ?? '').startsWith('/v1/responses')) {
			webSocket.upgrade(request, socket, head);
			return;
		}

		log.refusedUpgrades++;
		socket.end('HTTP/1.1 426 Upgrade Required\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
	});
	// Codex reuses pooled connections; a socket closed under it loses a request (see CODEX-TELEMETRY.md §0.10).
	server.keepAliveTimeout = 120_000;
	server.headersTimeout = 121_000;
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	api.port = port;
	api.baseUrl = `http://127.0.0.1:${port}/v1`;
	api.close = async () => {
		webSocket.close();
		server.closeAllConnections();
		await new Promise<void>(resolve => {
			server.close(() => resolve());
		});
	};

	return api;
}
