import {randomBytes} from 'node:crypto';
import type {CodexEvent} from '../../source/model/codex-event.js';
import type {PreparedBatch} from '../../source/app/ingest.js';
import {eventsOfCaptureFrom} from '../helpers/pipeline.js';

/** Model requests per generated turn: a turn that runs nine shell commands and then answers. */
export const REQUESTS_PER_TURN = 10;
/** A generated turn lasts this long; the next starts right after. */
const TURN_MS = 30_000;
/** Between one model request of a turn and the next (the command it asked for runs in between). */
const REQUEST_MS = 2_000;

export type LongSession = {
	conversationId: string;
	requests: number;
	/** In arrival order: a turn's logs, then the previous turn's spans (Codex's spans trail its logs by seconds). */
	batches: PreparedBatch[];
	events: number;
	/** The logs of one more turn, to post after the session is stored (a resume). */
	nextTurnLogs: PreparedBatch;
};

type Kind = CodexEvent['kind'];
type Of<K extends Kind> = Extract<CodexEvent, {kind: K}>;

/**
 * One conversation of `requests` model requests shaped exactly as Codex 0.171.0 sends them (each event is a copy of
 * the first one of its kind in the real tui-session capture, with times, turn and call ids, the command and the
 * usage varied): per turn a prompt, its time to first token, ten model requests (sampling span, API request, SSE
 * usage record), nine approved shell calls (tool span, blocking span, decision, result) between them, the answer,
 * and the turn span with its usage. `startMs`: when its first turn starts (by default, a second after the capture's).
 */
export function generateLongSession(requests: number, options: {startMs?: number} = {}): LongSession {
	const captured = eventsOfCaptureFrom('codex-0.171.0', 'tui-session');
	const conversationId = captured[0]!.conversationId;
	const own = captured.filter(event => event.conversationId === conversationId);
	const first = <K extends Kind>(kind: K): Of<K> => {
		const found = own.find(event => event.kind === kind);
		if (!found) {
			throw new Error(`the tui-session capture has no ${kind}`);
		}

		return found as Of<K>;
	};

	const capturedStart = first('conversation_starts');
	const template = {
		prompt: first('user_prompt'), ttft: first('turn_ttft'), sampling: first('sampling_span'), api: first('api_request'), usage: first('sse_usage'),
		toolSpan: first('tool_span'), blocking: first('tool_blocking_span'), decision: first('tool_decision'), result: first('tool_result'), answer: first('agent_response'), turnSpan: first('turn_span'),
	};
	const turns = Math.max(1, Math.round(requests / REQUESTS_PER_TURN));
	const baseMs = options.startMs ?? Math.floor(capturedStart.atMs) + 1000;
	const start = options.startMs === undefined ? capturedStart : {...capturedStart, atMs: baseMs - 1000};
	const turnLogs = (turn: number): {logs: CodexEvent[]; spans: CodexEvent[]} => {
		const atMs = baseMs + turn * TURN_MS;
		const turnId = turnIdOf(turn);
		const logs: CodexEvent[] = [
			{...template.prompt, atMs: atMs + 10, prompt: `Turn ${turn + 1}: run the next nine build steps and report.`, promptLength: 52},
			{...template.ttft, atMs: atMs + 60},
		];
		const spans: CodexEvent[] = [];
		let input = 1000;
		for (let request = 0; request < REQUESTS_PER_TURN; request++) {
			const requestMs = atMs + 100 + request * REQUEST_MS;
			spans.push({...template.sampling, atMs: requestMs, startMs: requestMs, endMs: requestMs + 30 + (request * 7) % 23, turnId});
			logs.push(
				{...template.api, atMs: requestMs + 20, durationMs: 12 + ((turn * 7) + request) % 40},
				{...template.usage, atMs: requestMs + 21, usage: {input, cached: Math.floor(input * 0.6), output: 40 + request, reasoning: 16, total: input + 40 + request}},
			);
			input += 137;
			if (request < REQUESTS_PER_TURN - 1) {
				const callId = `call_${turn}_${request}`;
				spans.push(
					{...template.toolSpan, atMs: requestMs + 25, startMs: requestMs + 25, endMs: requestMs + 900, turnId, callId},
					{...template.blocking, atMs: requestMs + 26, startMs: requestMs + 26, endMs: requestMs + 901, turnId},
				);
				logs.push(
					{...template.decision, atMs: requestMs + 40, callId},
					{...template.result, atMs: requestMs + 890, callId, arguments: JSON.stringify({cmd: `npm run step -- --turn ${turn + 1} --step ${request + 1}`, yield_time_ms: 2000}), durationMs: 850},
				);
			}
		}

		const endMs = atMs + 100 + REQUESTS_PER_TURN * REQUEST_MS;
		logs.push({...template.answer, atMs: endMs, turnId, response: `Turn ${turn + 1}: all nine steps passed.`});
		spans.unshift({...template.turnSpan, atMs, startMs: atMs, endMs: endMs + 5, turnId, usage: {input: input * 5, cached: input * 3, output: 450, reasoning: 160, total: input * 5 + 450}});
		return {logs, spans};
	};

	const batch = (signal: string, events: CodexEvent[], receivedMs: number): PreparedBatch => ({signal, digest: randomBytes(16), records: events.length, events, receivedMs});
	const batches: PreparedBatch[] = [batch('logs', [start], start.atMs)];
	let events = 1;
	let previousSpans: CodexEvent[] = [];
	for (let turn = 0; turn < turns; turn++) {
		const {logs, spans} = turnLogs(turn);
		batches.push(batch('logs', logs, logs.at(-1)!.atMs));
		if (previousSpans.length > 0) {
			batches.push(batch('traces', previousSpans, logs.at(-1)!.atMs + 1));
		}

		events += logs.length + previousSpans.length;
		previousSpans = spans;
	}

	batches.push(batch('traces', previousSpans, baseMs + turns * TURN_MS));
	events += previousSpans.length;
	return {conversationId, requests: turns * REQUESTS_PER_TURN, batches, events, nextTurnLogs: batch('logs', turnLogs(turns).logs, baseMs + (turns + 1) * TURN_MS)};
}

function turnIdOf(turn: number): string {
	return `01a2313b-${turn.toString(16).padStart(4, '0')}-7000-8000-${turn.toString(16).padStart(12, '0')}`;
}
