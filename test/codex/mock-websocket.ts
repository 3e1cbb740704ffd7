import type {IncomingMessage} from 'node:http';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type RawData, type WebSocket} from 'ws';
import type {Connection, MockLog} from './mock-log.js';
import {ERROR_BODIES, itemKinds, outputItem, responseEvents, routeRequest, titleStep, warmupEvents, type InputItem, type ResponseEvent} from './mock-script.js';
import type {Scenario, Usage} from './scenarios.js';

type CreateFrame = {type?: string; generate?: boolean; previous_response_id?: string; input?: InputItem[]};

export type WebSocketMock = {
	upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
	close(): void;
};

const pause = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/**
 * The Responses WebSocket transport as Codex 0.171.0 speaks it (CODEX-TELEMETRY.md §12): one connection per
 * Codex thread, a `generate: false` warm-up first, then `response.create` frames that carry only the new input
 * items and the `previous_response_id` they continue. The mock keeps each connection's full input per response
 * id, so the stateless router sees the same conversation as over HTTP.
 */
export function createWebSocketMock(options: {
	log: MockLog;
	scenarios: ReadonlyMap<string, Scenario>;
	nextId(): string;
	attemptOf(scenario: string, step: number): number;
	warmupUsage(): Usage | undefined;
	delayMs: number;
}): WebSocketMock {
	const {log} = options;
	const server = new WebSocketServer({noServer: true});

	function send(socket: WebSocket, connection: Connection, events: ResponseEvent[]): void {
		for (const event of events) {
			connection.sent.push(event.type);
			socket.send(JSON.stringify(event));
		}
	}

	async function answer(socket: WebSocket, connection: Connection, history: Map<string, InputItem[]>, frame: CreateFrame): Promise<void> {
		const input = frame.input ?? [];
		const previous = frame.previous_response_id;
		connection.received.push({type: frame.type ?? '?', generate: frame.generate !== false, previousResponseId: previous, items: input.length});
		const base = previous === undefined ? [] : history.get(previous);
		const record = {transport: 'websocket' as const, connection: connection.id, itemsSent: itemKinds(input), ...(previous === undefined ? {} : {previousResponseId: previous})};
		if (frame.type !== 'response.create' || !base) {
			const error = frame.type === 'response.create' ? `previous_response_id ${previous} is unknown on connection ${connection.id}` : `unexpected frame ${frame.type ?? '(no type)'}`;
			log.served.push({scenario: '?', step: -1, title: false, attempt: 0, error, ...record});
			send(socket, connection, [{type: 'error', error: {message: error}}]);
			return;
		}

		const id = options.nextId();
		const full = [...base, ...input];
		if (frame.generate === false) {
			const usage = options.warmupUsage();
			log.warmups.push({connection: connection.id, responseId: id, withUsage: usage !== undefined});
			history.set(id, full);
			send(socket, connection, warmupEvents(id, usage));
			return;
		}

		const route = routeRequest(full, options.scenarios);
		if ('error' in route) {
			log.served.push({scenario: '?', step: -1, title: false, attempt: 0, error: route.error, ...record});
			send(socket, connection, [{type: 'error', error: {message: route.error}}]);
			return;
		}

		const {step, usage} = route.title ? titleStep() : {step: route.scenario.steps[route.step]!, usage: route.scenario.usage[route.step]!};
		const name = route.title ? 'title' : route.scenario.name;
		const index = route.title ? 0 : route.step;
		const attempt = options.attemptOf(name, index);
		const fault = route.title || attempt > 1 ? undefined : route.scenario.faults?.[index];
		await pause(options.delayMs);
		const events = responseEvents(step, usage, id);
		if (fault?.kind === 'cut') {
			log.served.push({scenario: name, step: index, title: route.title, attempt, fault: 'cut', responseId: id, ...record});
			send(socket, connection, events.slice(0, 2));
			socket.terminate();
			return;
		}

		if (fault?.kind === 'status') {
			// How the Responses WebSocket reports an HTTP-like failure: Codex maps it to the same error as over HTTP.
			log.served.push({scenario: name, step: index, title: route.title, attempt, fault: String(fault.status), ...record});
			const headers = fault.retryAfterSeconds === undefined ? {} : {'retry-after': String(fault.retryAfterSeconds)};
			send(socket, connection, [{type: 'error', status: fault.status, ...ERROR_BODIES[fault.status], headers}]);
			return;
		}

		log.served.push({scenario: name, step: index, title: route.title, attempt, responseId: id, ...record});
		history.set(id, [...full, outputItem(step, id) as InputItem]);
		send(socket, connection, events);
	}

	server.on('connection', (socket: WebSocket, request: IncomingMessage) => {
		const connection: Connection = {id: log.connections.length + 1, headers: request.headers, received: [], sent: []};
		log.connections.push(connection);
		const history = new Map<string, InputItem[]>();
		// Frames are answered in order, one at a time, as a Responses connection does.
		let queue = Promise.resolve();
		socket.on('message', (data: RawData, isBinary: boolean) => {
			let frame: CreateFrame;
			try {
				frame = JSON.parse((Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Uint8Array)).toString('utf8')) as CreateFrame;
			} catch (error) {
				log.served.push({scenario: '?', step: -1, title: false, transport: 'websocket', attempt: 0, connection: connection.id, itemsSent: [], error: `unreadable ${isBinary ? 'binary' : 'text'} frame: ${(error as Error).message}`});
				return;
			}

			queue = queue.then(async () => answer(socket, connection, history, frame));
		});
		socket.on('close', code => {
			connection.closeCode = code;
		});
	});

	return {
		upgrade(request, socket, head) {
			server.handleUpgrade(request, socket, head, webSocket => {
				server.emit('connection', webSocket, request);
			});
		},
		close() {
			for (const client of server.clients) {
				client.terminate();
			}

			server.close();
		},
	};
}
