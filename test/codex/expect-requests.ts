import {expect} from 'vitest';
import type {RequestDocument, SessionDocument, TurnDocument} from '../../source/model/session-document.js';
import type {Usage} from './scenarios.js';

/** The per-request model of issue 16, as `show --json` will carry it. */
export type AttemptDocument = {status: number | null; error: string | null; durationMs: number | null};
type RequestModelDocument = Omit<SessionDocument, 'turns'> & {
	transport: 'http' | 'websocket' | 'mixed';
	turns: Array<Omit<TurnDocument, 'requests'> & {requests: Array<RequestDocument & {ttftMs: number | null; attempts: AttemptDocument[]}>}>;
};

/**
 * GATE for the per-request model of issue 16 (`transport`, `requests[]` over WebSocket, `attempts`). While
 * false, its checks run only on a document that has `transport`, so the suite passes on a codexmon without it
 * and is strict as soon as it lands. Set it to true once it has: then a document without it fails.
 */
const STRICT_REQUEST_MODEL = true;

export function hasRequestModel(document: SessionDocument): document is RequestModelDocument {
	return STRICT_REQUEST_MODEL || 'transport' in document;
}

/** Whether `modelRequests` can be waited for: over HTTP always; over WebSocket once the request model is in. */
export function countsModelRequests(document: SessionDocument, transport: 'http' | 'websocket'): boolean {
	return transport === 'http' || hasRequestModel(document);
}

/** A failed attempt before the one that completed: its status (a cut HTTP stream has 200), or undefined to take any. */
export type FailedAttempt = {status?: number | null};

/** What one model request must look like: the usage the mock served, after these failed attempts. */
export type ExpectedRequest = {usage: Usage; failed?: FailedAttempt[]};

export const served = (usage: Usage[]): ExpectedRequest[] => usage.map(entry => ({usage: entry}));

/**
 * The contract of `turns[].requests[]`: one entry per completed model request (warm-ups excluded) with the
 * tokens the mock served for it, a duration and a time to first token, and its failed attempts listed before
 * the one that completed. Returns false (checking nothing) while the gate is closed.
 */
export function expectRequestModel(document: SessionDocument, expected: {transport: 'http' | 'websocket' | Array<'http' | 'websocket' | 'mixed'>; turns: ExpectedRequest[][]; minTtftMs?: number}): boolean {
	if (!hasRequestModel(document)) {
		return false;
	}

	const transports = Array.isArray(expected.transport) ? expected.transport : [expected.transport];
	expect(transports).toContain(document.transport);
	expect(document.modelRequests).toBe(expected.turns.flat().length);
	expect(document.turns.map(turn => turn.modelRequests)).toEqual(expected.turns.map(turn => turn.length));
	expect(document.turns.map(turn => turn.requests.length)).toEqual(expected.turns.map(turn => turn.length));
	for (const [index, turn] of document.turns.entries()) {
		const wanted = expected.turns[index]!;
		expect(turn.requests.map(request => request.tokens)).toEqual(wanted.map(({usage}) => ({...usage, total: usage.input + usage.output})));
		let previousStart = 0;
		for (const [position, request] of turn.requests.entries()) {
			const where = `turn ${turn.index} request ${position + 1}`;
			const failed = wanted[position]!.failed ?? [];
			expect(request.error, where).toBeNull();
			// Over HTTP the completed attempt's status; WebSocket has none (null), never an error status.
			expect(request.status === null || request.status === 200, `${where}: status ${request.status}`).toBe(true);
			expect(Number.isFinite(request.durationMs) && request.durationMs >= 0, `${where}: durationMs ${request.durationMs}`).toBe(true);
			expect(typeof request.ttftMs === 'number' && request.ttftMs >= (expected.minTtftMs ?? 0), `${where}: ttftMs ${request.ttftMs}`).toBe(true);
			const started = Date.parse(request.startedAt);
			expect(started, `${where}: startedAt ${request.startedAt}`).toBeGreaterThanOrEqual(previousStart);
			previousStart = started;
			// The failed attempts first, in order, then the one that completed.
			expect(request.attempts.map(attempt => attempt.error !== null), `${where}: attempts ${JSON.stringify(request.attempts)}`).toEqual([...failed.map(() => true), false]);
			expect(request.attempts.at(-1)!.status, where).toBe(request.status);
			for (const [number, attempt] of failed.entries()) {
				if (attempt.status !== undefined) {
					expect(request.attempts[number]!.status, `${where} attempt ${number + 1}`).toBe(attempt.status);
				}
			}
			for (const attempt of request.attempts) {
				expect(attempt.durationMs === null || attempt.durationMs >= 0, `${where}: attempt durationMs ${attempt.durationMs}`).toBe(true);
			}
		}

		if (turn.costUsd !== null) {
			expect(turn.requests.reduce((sum, request) => sum + (request.costUsd ?? Number.NaN), 0)).toBeCloseTo(turn.costUsd, 9);
		}
	}

	return true;
}
