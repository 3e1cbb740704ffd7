import {expect} from 'vitest';
import type {Connection} from './mock-log.js';
import type {MockResponsesApi} from './mock-responses-api.js';

/**
 * The mock's own log proves the transport: over WebSocket, the scenario's requests came as `response.create`
 * frames on one connection of this conversation, after its `generate: false` warm-up, each continuing the
 * previous response and carrying only the new items; no HTTP POST and no refused handshake (no silent
 * fallback). Over HTTP, no handshake at all. Returns the connection (WebSocket) for further checks.
 */
export function expectTransportOf(mock: MockResponsesApi, scenario: string, conversationId: string, originator: string): Connection | undefined {
	const requests = mock.served.filter(request => request.scenario === scenario);
	expect(requests.length).toBeGreaterThan(0);
	if (mock.transport === 'websocket-refused') {
		throw new Error('expectTransportOf checks plain HTTP or WebSocket runs; a refused handshake has its own checks');
	}

	if (mock.transport === 'http') {
		expect(requests.every(request => request.transport === 'http')).toBe(true);
		// Codex never even tried the WebSocket.
		expect(mock.refusedUpgrades).toBe(0);
		expect(mock.connections).toEqual([]);
		expect(mock.warmups).toEqual([]);
		return undefined;
	}

	expect(mock.httpPosts).toBe(0);
	expect(mock.refusedUpgrades).toBe(0);
	expect(requests.every(request => request.transport === 'websocket')).toBe(true);
	const connections = new Set(requests.map(request => request.connection));
	expect(connections.size).toBe(1);
	const connection = mock.connections.find(candidate => candidate.id === [...connections][0])!;
	expect(connection.headers['thread-id']).toBe(conversationId);
	expect(connection.headers.originator).toBe(originator);
	expect(connection.headers['openai-beta']).toMatch(/responses_websockets=/);
	// The warm-up opens the connection; every later frame continues the response before it.
	const warmup = mock.warmups.filter(candidate => candidate.connection === connection.id);
	expect(warmup).toHaveLength(1);
	expect(connection.received[0]).toMatchObject({type: 'response.create', generate: false, previousResponseId: undefined});
	const ids = [warmup[0]!.responseId, ...mock.served.filter(request => request.connection === connection.id).map(request => request.responseId)];
	expect(connection.received.slice(1).map(frame => frame.previousResponseId)).toEqual(ids.slice(0, -1));
	expect(connection.received.every(frame => frame.type === 'response.create')).toBe(true);
	// Only the new items: after the first request of a turn, the tool's output and no earlier message.
	for (const request of requests.filter(request => request.step > 0)) {
		expect(request.itemsSent.filter(kind => kind === 'function_call_output'), `step ${request.step}: ${request.itemsSent.join(', ')}`).toHaveLength(1);
		expect(request.itemsSent.filter(kind => kind === 'message:user'), `step ${request.step}: ${request.itemsSent.join(', ')}`).toEqual([]);
	}

	expect(connection.sent.filter(type => type === 'response.completed')).toHaveLength(connection.received.length);
	return connection;
}
