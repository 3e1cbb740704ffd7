import type {Attributes} from '../otlp/any-value.js';
import type {SpanTelemetry} from '../otlp/telemetry-record.js';
import type {OtlpKeyValue} from '../otlp/types.js';
import {readBoolean, readCount, readString} from './attributes.js';
import type {CodexEvent} from './codex-event.js';
import {makeUsage} from './tokens.js';
import {SAMPLING_REQUEST_SPAN} from './working-directory.js';

/**
 * Spans the timeline needs, by name. Everything else (≈98 % of Codex's spans: fs.*, append_items, …)
 * is plumbing and never stored. Tool spans are recognised by shape instead (see isToolSpan).
 * @NOTE span names drift between Codex versions; unknown names are tolerated, not errors.
 */
const TIMELINE_SPAN_NAMES = new Set(['session_task.turn', 'codex.sampling', 'codex.tool_blocking', 'codex.compaction', 'session_loop', 'codex.exec', SAMPLING_REQUEST_SPAN]);

/** Cheap pre-check on the raw attribute list, before any attribute is converted. */
export function isTimelineSpan(name: string, attributes: OtlpKeyValue[]): boolean {
	if (TIMELINE_SPAN_NAMES.has(name)) {
		return true;
	}

	let hasCallId = false;
	let toolName: string | undefined;
	for (const item of attributes) {
		if (item?.key === 'call_id') {
			hasCallId = true;
		} else if (item?.key === 'tool_name') {
			toolName = item.value?.stringValue ?? undefined;
		}
	}

	return hasCallId && toolName === name;
}

/**
 * A timeline span → a model event, or undefined when it names no conversation.
 * @NOTE codex 0.169.0: the conversation id is `conversation.id` on most spans, a string `thread.id`
 * on `session_task.turn` and `codex.exec` (besides an int `thread.id`), and `thread_id` on `session_loop`.
 */
export function normalizeSpan(span: SpanTelemetry): CodexEvent | undefined {
	const attributes = span.attributes;
	const conversationId = readConversationId(attributes);
	if (!conversationId) {
		return undefined;
	}

	const turnId = readString(attributes, 'turn.id') ?? readString(attributes, 'turn_id') ?? '';
	const base = {conversationId, atMs: span.startMs, startMs: span.startMs, endMs: Math.max(span.endMs, span.startMs)};
	switch (span.name) {
		case 'session_task.turn': {
			return {...base, kind: 'turn_span', turnId, model: readString(attributes, 'model') ?? '', usage: readTurnUsage(attributes)};
		}

		case 'codex.sampling': {
			return {...base, kind: 'sampling_span', turnId};
		}

		case 'codex.tool_blocking': {
			return {...base, kind: 'tool_blocking_span', turnId};
		}

		case 'codex.compaction': {
			return {...base, kind: 'compaction', turnId};
		}

		case SAMPLING_REQUEST_SPAN: {
			// Codex's own span names only its turn: see spansToEvents. This is one codexmon exported, with its conversation.
			const cwd = readString(attributes, 'cwd');
			return cwd ? {conversationId, atMs: span.startMs, kind: 'working_directory', cwd} : undefined;
		}

		case 'session_loop':
		case 'codex.exec': {
			return {...base, kind: 'session_span', name: span.name};
		}

		default: {
			const callId = readString(attributes, 'call_id');
			if (!callId) {
				return undefined;
			}

			return {...base, kind: 'tool_span', turnId, callId, tool: readString(attributes, 'tool_name') ?? span.name, aborted: readBoolean(attributes, 'aborted') ?? false};
		}
	}
}

export function readConversationId(attributes: Attributes): string | undefined {
	const direct = readString(attributes, 'conversation.id') ?? readString(attributes, 'thread_id');
	if (direct) {
		return direct;
	}

	const threadId = attributes['thread.id'];
	return typeof threadId === 'string' && threadId.length > 8 ? threadId : undefined;
}

function readTurnUsage(attributes: Attributes) {
	const input = readCount(attributes, 'codex.turn.token_usage.input_tokens');
	const output = readCount(attributes, 'codex.turn.token_usage.output_tokens');
	if (input === undefined && output === undefined) {
		return null;
	}

	return makeUsage({
		input,
		output,
		cached: readCount(attributes, 'codex.turn.token_usage.cached_input_tokens'),
		reasoning: readCount(attributes, 'codex.turn.token_usage.reasoning_output_tokens'),
	});
}
