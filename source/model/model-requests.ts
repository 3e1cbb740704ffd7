import type {SseUsageEvent} from './codex-event.js';
import type {ModelRequest, RequestAttempt, Turn} from './session.js';

/** A rollout's `compacted` line follows the request that made the summary by a few ms: how far back to look. */
const COMPACTED_LINE_LOOKBACK_MS = 2000;

/** Whether a request made a compaction's summary: it completed during a `codex.compaction` span (or just before a `compacted` line). */
export function isCompactionRequest(turn: Turn, request: ModelRequest): boolean {
	for (const compaction of turn.compactions) {
		const startMs = compaction.startMs === compaction.endMs ? compaction.startMs - COMPACTED_LINE_LOOKBACK_MS : compaction.startMs;
		if (request.endMs >= startMs && request.endMs <= compaction.endMs) {
			return true;
		}
	}

	return false;
}

/**
 * How model requests are built from the records of both transports (CODEX-TELEMETRY §12):
 * - an attempt opens a request, or joins the turn's open one: a request stays open until its usage record
 *   (`codex.sse_event` with tokens) completes it, so retries (a 429 or 5xx, a stream cut before
 *   `response.completed`, a turn-level retry) are attempts of one request, never requests of their own;
 * - a usage record with no open request is a request whose attempt was not seen (a lost batch, an import).
 */
export function addAttempt(turn: Turn, attempt: RequestAttempt): void {
	const open = openRequest(turn);
	if (open) {
		const previous = open.attempts.at(-1);
		if (previous && previous.error === null && previous.status !== null && previous.status < 400) {
			// A new attempt while the previous one was still streaming: that stream broke without a record saying so.
			previous.error = 'no response';
		}

		open.attempts.push(attempt);
		open.endMs = Math.max(open.endMs, attempt.endMs);
		return;
	}

	turn.modelRequests.push({startMs: attempt.startMs, endMs: attempt.endMs, ttftMs: null, usage: null, completed: false, attempts: [attempt]});
}

export function completeRequest(turn: Turn, event: SseUsageEvent): void {
	const request = openRequest(turn) ?? pushRequest(turn, event.atMs);
	request.usage = event.usage;
	request.completed = true;
	request.ttftMs = event.ttftMs ?? null;
	request.endMs = Math.max(request.endMs, event.atMs);
	const last = request.attempts.at(-1);
	if (last && (last.error !== null || (last.status !== null && last.status >= 400))) {
		// Completed by a try Codex logged no attempt for (a retry over the WebSocket).
		request.attempts.push({transport: last.transport, startMs: last.endMs, endMs: event.atMs, status: null, error: null});
	} else if (last) {
		last.endMs = Math.max(last.endMs, event.atMs);
	}
}

/** A stream that broke before `response.completed`: its attempt failed (Codex may retry it). */
export function failStream(turn: Turn, atMs: number, error: string): boolean {
	const last = openRequest(turn)?.attempts.at(-1);
	if (!last) {
		return false;
	}

	last.error ??= error;
	last.endMs = Math.max(last.endMs, atMs);
	return true;
}

function openRequest(turn: Turn): ModelRequest | undefined {
	const last = turn.modelRequests.at(-1);
	return last && !last.completed ? last : undefined;
}

function pushRequest(turn: Turn, atMs: number): ModelRequest {
	const request: ModelRequest = {startMs: atMs, endMs: atMs, ttftMs: null, usage: null, completed: false, attempts: []};
	turn.modelRequests.push(request);
	return request;
}

/** A request's outcome as shown: the last attempt's status and, unless it completed, its error. */
export function requestStatus(request: ModelRequest): number | null {
	return request.attempts.at(-1)?.status ?? null;
}

/**
 * Why a request did not complete: its last attempt's error; `no response` when its turn is over without one
 * (interrupted, or its batch lost); null while it may still complete.
 */
export function requestError(request: ModelRequest, turnOver: boolean): string | null {
	if (request.completed) {
		return null;
	}

	return request.attempts.at(-1)?.error ?? (turnOver ? 'no response' : null);
}

/** Attempts that failed: the retries a request needed (and, for one that finally failed, its last try). */
export function failedAttempts(request: ModelRequest): RequestAttempt[] {
	return request.attempts.filter(attempt => attempt.error !== null || (attempt.status !== null && attempt.status >= 400));
}

export function requestTransport(request: ModelRequest): RequestAttempt['transport'] | null {
	return request.attempts.at(-1)?.transport ?? null;
}
