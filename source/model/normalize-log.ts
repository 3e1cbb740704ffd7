import type {Attributes} from '../otlp/any-value.js';
import type {LogTelemetry} from '../otlp/telemetry-record.js';
import {readBoolean, readCount, readNumber, readString, readTimestampMs} from './attributes.js';
import type {CodexEvent, OtherLogEvent} from './codex-event.js';
import {normalizeRateLimitsLog, normalizeUsageLimitLog, RATE_LIMITS_LOG_EVENT, USAGE_LIMIT_LOG_EVENT} from './plan-limit-log.js';
import {makeUsage} from './tokens.js';

/** Attributes every codex.* log event carries; not worth keeping on unknown events. */
const COMMON_KEYS = new Set(['event.name', 'event.timestamp', 'conversation.id', 'app.version', 'originator', 'terminal.type', 'model', 'slug', 'user.account_id', 'user.email', 'auth_mode']);

/**
 * One Codex log record → zero or more model events.
 * @NOTE codex 0.169.0: the event name is the attribute `event.name`; the LogRecord body is empty and
 * `eventName` (field 12) holds the call site. Records without `event.name` are housekeeping (empty result).
 */
export function normalizeLog(log: LogTelemetry): CodexEvent[] {
	const attributes = log.attributes;
	const eventName = readString(attributes, 'event.name');
	const conversationId = readString(attributes, 'conversation.id');
	if (!eventName || !conversationId) {
		return [];
	}

	const atMs = readTimestampMs(attributes, 'event.timestamp') ?? (log.timeMs || log.observedMs);
	return normalizeNamed(eventName, {conversationId, atMs}, attributes, log.resource);
}

/** Records an earlier codexmon stored as plain log events, before it read them. */
const REINTERPRETED = new Set(['codex.websocket_request', 'codex.websocket_connect', 'codex.sse_event']);

/** A stored `log_event` that this version reads as a model event of its own, or undefined. */
export function reinterpretStoredLog(event: OtherLogEvent): CodexEvent | undefined {
	if (!REINTERPRETED.has(event.eventName)) {
		return undefined;
	}

	const [known] = normalizeNamed(event.eventName, {conversationId: event.conversationId, atMs: event.atMs}, event.attributes, {serviceName: '', attributes: {}});
	return known && known.kind !== 'log_event' ? known : undefined;
}

function normalizeNamed(eventName: string, base: {conversationId: string; atMs: number}, attributes: Attributes, resource: {serviceName: string; attributes: Attributes}): CodexEvent[] {
	switch (eventName) {
		case 'codex.conversation_starts': {
			return [{
				...base,
				kind: 'conversation_starts',
				serviceName: resource.serviceName,
				originator: readString(attributes, 'originator') ?? '',
				model: readString(attributes, 'model') ?? '',
				provider: readString(attributes, 'provider_name') ?? '',
				approvalPolicy: readString(attributes, 'approval_policy') ?? '',
				sandboxPolicy: readString(attributes, 'sandbox_policy') ?? '',
				reasoningEffort: readString(attributes, 'reasoning_effort') ?? '',
				mcpServers: readString(attributes, 'mcp_servers') ?? '',
				appVersion: readString(attributes, 'app.version') ?? '',
				resource: resource.attributes,
			}];
		}

		case 'codex.user_prompt': {
			const prompt = readString(attributes, 'prompt') ?? '';
			return [{...base, kind: 'user_prompt', prompt, promptLength: readCount(attributes, 'prompt_length') ?? prompt.length, model: readString(attributes, 'model') ?? ''}];
		}

		case 'codex.api_request': {
			return [{
				...base,
				kind: 'api_request',
				durationMs: readNumber(attributes, 'duration_ms') ?? 0,
				status: readNumber(attributes, 'http.response.status_code') ?? null,
				attempt: readCount(attributes, 'attempt') ?? 0,
				error: readString(attributes, 'error.message') ?? null,
			}];
		}

		case 'codex.websocket_request': {
			return [{
				...base,
				kind: 'websocket_request',
				durationMs: readNumber(attributes, 'duration_ms') ?? 0,
				success: readBoolean(attributes, 'success') ?? null,
				error: readString(attributes, 'error.message') ?? null,
			}];
		}

		case 'codex.websocket_connect': {
			return [{
				...base,
				kind: 'websocket_connect',
				durationMs: readNumber(attributes, 'duration_ms') ?? 0,
				success: readBoolean(attributes, 'success') ?? null,
				status: readNumber(attributes, 'http.response.status_code') ?? null,
				error: readString(attributes, 'error.message') ?? null,
			}];
		}

		case 'codex.sse_event': {
			return normalizeSseEvent(base, attributes);
		}

		case 'codex.turn_ttft': {
			return [{...base, kind: 'turn_ttft', durationMs: readNumber(attributes, 'duration_ms') ?? 0}];
		}

		case 'codex.tool_decision': {
			return [{
				...base,
				kind: 'tool_decision',
				callId: readString(attributes, 'call_id') ?? '',
				tool: readString(attributes, 'tool_name') ?? '',
				decision: (readString(attributes, 'decision') ?? '').toLowerCase(),
				source: readString(attributes, 'source') ?? null,
			}];
		}

		case 'codex.tool_result': {
			return normalizeToolResult(base, attributes);
		}

		case 'codex.agent_response': {
			return [{
				...base,
				kind: 'agent_response',
				turnId: readString(attributes, 'turn.id') ?? '',
				agentType: readString(attributes, 'agent.type') ?? '',
				parentConversationId: readString(attributes, 'parent.conversation.id') ?? null,
				response: readString(attributes, 'response') ?? '',
			}];
		}

		case 'codexmon.subagent_spawned': {
			// Written by `codexmon export` for a child session exported without its parent.
			const parentConversationId = readString(attributes, 'parent.conversation.id');
			return parentConversationId ? [{...base, kind: 'subagent_spawned', parentConversationId, callId: readString(attributes, 'call_id') ?? '', nickname: readString(attributes, 'nickname') ?? ''}] : [];
		}

		case 'codexmon.turn_outcome': {
			// Written by `codexmon export` for a turn whose outcome came from an imported rollout.
			const outcome = readString(attributes, 'outcome');
			const turnId = readString(attributes, 'turn.id');
			return turnId && (outcome === 'completed' || outcome === 'interrupted' || outcome === 'failed')
				? [{...base, kind: 'turn_outcome', turnId, outcome, error: readString(attributes, 'error.message') ?? null, turnStartMs: readNumber(attributes, 'turn.start_ms') ?? null}]
				: [];
		}

		case RATE_LIMITS_LOG_EVENT: {
			return normalizeRateLimitsLog(base, attributes);
		}

		case USAGE_LIMIT_LOG_EVENT: {
			return normalizeUsageLimitLog(base, attributes);
		}

		case 'codex.turn_cost': {
			return [{...base, kind: 'turn_cost', turnId: readString(attributes, 'turn.id') ?? '', estimatedUsd: readNumber(attributes, 'usage.estimated_usd') ?? null}];
		}

		default: {
			return [{...base, kind: 'log_event', eventName, attributes: withoutCommonKeys(attributes)}];
		}
	}
}

function normalizeSseEvent(base: {conversationId: string; atMs: number}, attributes: Attributes): CodexEvent[] {
	const input = readCount(attributes, 'input_token_count');
	const output = readCount(attributes, 'output_token_count');
	if (input !== undefined || output !== undefined) {
		return [{
			...base,
			kind: 'sse_usage',
			usage: makeUsage({input, output, cached: readCount(attributes, 'cached_token_count'), reasoning: readCount(attributes, 'reasoning_token_count')}),
			cacheWrite: readCount(attributes, 'cache_write_token_count') ?? 0,
			// @NOTE codex: an intValue of 0 arrives as an empty AnyValue; only a warm-up's record lacks the key.
			ttftMs: 'ttft_ms' in attributes ? readNumber(attributes, 'ttft_ms') ?? 0 : null,
		}];
	}

	const kind = readString(attributes, 'event.kind') ?? '';
	if (kind.startsWith('response.web_search_call.')) {
		const phase = kind.endsWith('.completed') ? 'completed' : (kind.endsWith('.in_progress') ? 'in_progress' : undefined);
		return phase ? [{...base, kind: 'web_search', phase, query: ''}] : [];
	}

	// Streaming progress (created, deltas, item added/done) is counted, not kept; failures are kept.
	const error = readString(attributes, 'error.message');
	if (error !== undefined) {
		return [{...base, kind: 'stream_error', error}];
	}

	return [];
}

function normalizeToolResult(base: {conversationId: string; atMs: number}, attributes: Attributes): CodexEvent[] {
	const callId = readString(attributes, 'call_id') ?? '';
	const tool = readString(attributes, 'tool_name') ?? '';
	const output = readString(attributes, 'output') ?? '';
	const events: CodexEvent[] = [{
		...base,
		kind: 'tool_result',
		callId,
		tool,
		namespace: readString(attributes, 'tool_namespace') ?? '',
		mcpServer: readString(attributes, 'mcp_server') ?? '',
		arguments: readString(attributes, 'arguments') ?? '',
		output,
		outputTruncated: readBoolean(attributes, 'output_truncated') ?? false,
		durationMs: readNumber(attributes, 'duration_ms') ?? null,
		success: readBoolean(attributes, 'success') ?? null,
		agentName: readString(attributes, 'agent_name') ?? '',
	}];
	const child = tool.endsWith('spawn_agent') ? parseSpawnedAgent(output) : undefined;
	if (child) {
		events.push({conversationId: child.agentId, atMs: base.atMs, kind: 'subagent_spawned', parentConversationId: base.conversationId, callId, nickname: child.nickname});
	}

	return events;
}

/** `spawn_agent` answers `{"agent_id": "<conversation id>", "nickname": "…"}`. */
function parseSpawnedAgent(output: string): {agentId: string; nickname: string} | undefined {
	try {
		const parsed = JSON.parse(output) as unknown;
		if (typeof parsed === 'object' && parsed !== null) {
			const {agent_id: agentId, nickname} = parsed as Record<string, unknown>;
			if (typeof agentId === 'string' && agentId !== '') {
				return {agentId, nickname: typeof nickname === 'string' ? nickname : ''};
			}
		}
	} catch {}

	return undefined;
}

function withoutCommonKeys(attributes: Attributes): Attributes {
	const result: Attributes = {};
	for (const [key, value] of Object.entries(attributes)) {
		if (!COMMON_KEYS.has(key)) {
			result[key] = value;
		}
	}

	return result;
}
