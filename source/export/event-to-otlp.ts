import {createHash} from 'node:crypto';
import type {Attributes, AttributeValue} from '../otlp/any-value.js';
import {checkExhaustive, type CodexEvent} from '../model/codex-event.js';
import {SAMPLING_REQUEST_SPAN} from '../model/working-directory.js';
import {RATE_LIMITS_LOG_EVENT, rateLimitsAttributes, USAGE_LIMIT_LOG_EVENT} from '../model/plan-limit-log.js';

/** One OTLP/JSON record and the resource it belongs under. */
export type OtlpJsonItem =
	| {signal: 'logs'; resource: Attributes; record: Record<string, unknown>}
	| {signal: 'traces'; resource: Attributes; record: Record<string, unknown>};

/**
 * @NOTE codexmon's own event: the parent link that Codex only tells through the parent's `spawn_agent`
 * output. A child session exported alone carries it under this name so a fresh codexmon links it again.
 */
export const SUBAGENT_LINK_EVENT = 'codexmon.subagent_spawned';

/** codexmon's own event too: a turn's outcome from an imported rollout, which Codex never sends over OTLP. */
export const TURN_OUTCOME_EVENT = 'codexmon.turn_outcome';

/**
 * Turns a stored event back into the OTLP/JSON record Codex would have sent for it (attributes typed as
 * Codex types them), such that normalising it gives the same event again.
 */
export function eventToOtlp(event: CodexEvent, serviceName: string, seq: number): OtlpJsonItem {
	const resource: Attributes = {'service.name': serviceName};
	switch (event.kind) {
		case 'conversation_starts': {
			return log({...event.resource, 'service.name': event.serviceName || serviceName}, event, 'codex.conversation_starts', {
				originator: event.originator,
				model: event.model,
				provider_name: event.provider,
				approval_policy: event.approvalPolicy,
				sandbox_policy: event.sandboxPolicy,
				...(event.reasoningEffort ? {reasoning_effort: event.reasoningEffort} : {}),
				mcp_servers: event.mcpServers,
				'app.version': event.appVersion,
			});
		}

		case 'user_prompt': {
			return log(resource, event, 'codex.user_prompt', {prompt: event.prompt, prompt_length: String(event.promptLength), model: event.model});
		}

		case 'api_request': {
			return log(resource, event, 'codex.api_request', {
				duration_ms: String(event.durationMs),
				...(event.status === null ? {} : {'http.response.status_code': event.status}),
				attempt: event.attempt,
				...(event.error === null ? {} : {'error.message': event.error}),
			});
		}

		case 'websocket_request': {
			return log(resource, event, 'codex.websocket_request', {
				duration_ms: String(event.durationMs),
				...(event.success === null ? {} : {success: String(event.success)}),
				...(event.error === null ? {} : {'error.message': event.error}),
			});
		}

		case 'websocket_connect': {
			return log(resource, event, 'codex.websocket_connect', {
				duration_ms: String(event.durationMs),
				...(event.success === null ? {} : {success: String(event.success)}),
				...(event.status === null ? {} : {'http.response.status_code': event.status}),
				...(event.error === null ? {} : {'error.message': event.error}),
			});
		}

		case 'sse_usage': {
			return log(resource, event, 'codex.sse_event', {
				'event.kind': 'response.completed',
				input_token_count: String(event.usage.input),
				output_token_count: String(event.usage.output),
				cached_token_count: event.usage.cached,
				cache_write_token_count: event.cacheWrite,
				reasoning_token_count: event.usage.reasoning,
				tool_token_count: String(event.usage.total),
				...(typeof event.ttftMs === 'number' ? {ttft_ms: event.ttftMs} : {}),
			});
		}

		case 'web_search': {
			return log(resource, event, 'codex.sse_event', {'event.kind': `response.web_search_call.${event.phase}`});
		}

		case 'stream_error': {
			return log(resource, event, 'codex.sse_event', {'error.message': event.error});
		}

		case 'turn_ttft': {
			return log(resource, event, 'codex.turn_ttft', {duration_ms: String(event.durationMs)});
		}

		case 'tool_decision': {
			return log(resource, event, 'codex.tool_decision', {tool_name: event.tool, call_id: event.callId, decision: event.decision, ...(event.source === null ? {} : {source: event.source})});
		}

		case 'tool_result': {
			return log(resource, event, 'codex.tool_result', {
				tool_name: event.tool,
				tool_namespace: event.namespace,
				call_id: event.callId,
				arguments: event.arguments,
				output: event.output,
				output_truncated: event.outputTruncated,
				...(event.durationMs === null ? {} : {duration_ms: String(event.durationMs)}),
				...(event.success === null ? {} : {success: String(event.success)}),
				agent_name: event.agentName,
			});
		}

		case 'agent_response': {
			return log(resource, event, 'codex.agent_response', {
				'turn.id': event.turnId,
				'agent.type': event.agentType,
				...(event.parentConversationId === null ? {} : {'parent.conversation.id': event.parentConversationId}),
				response: event.response,
			});
		}

		case 'subagent_spawned': {
			return log(resource, event, SUBAGENT_LINK_EVENT, {'parent.conversation.id': event.parentConversationId, call_id: event.callId, nickname: event.nickname});
		}

		case 'turn_cost': {
			return log(resource, event, 'codex.turn_cost', {'turn.id': event.turnId, ...(event.estimatedUsd === null ? {} : {'usage.estimated_usd': String(event.estimatedUsd)})});
		}

		case 'turn_outcome': {
			return log(resource, event, TURN_OUTCOME_EVENT, {'turn.id': event.turnId, outcome: event.outcome, ...(event.error === null ? {} : {'error.message': event.error}), ...(event.turnStartMs === null ? {} : {'turn.start_ms': String(event.turnStartMs)})});
		}

		case 'log_event': {
			return log(resource, event, event.eventName, event.attributes);
		}

		case 'turn_span': {
			const usage: Attributes = event.usage === null ? {} : {
				'codex.turn.token_usage.input_tokens': event.usage.input,
				'codex.turn.token_usage.cached_input_tokens': event.usage.cached,
				'codex.turn.token_usage.output_tokens': event.usage.output,
				'codex.turn.token_usage.reasoning_output_tokens': event.usage.reasoning,
				'codex.turn.token_usage.total_tokens': event.usage.total,
			};
			return span(resource, event, seq, 'session_task.turn', {'thread.id': event.conversationId, 'turn.id': event.turnId, model: event.model, ...usage});
		}

		case 'sampling_span': {
			return span(resource, event, seq, 'codex.sampling', {'conversation.id': event.conversationId, 'turn.id': event.turnId});
		}

		case 'tool_blocking_span': {
			return span(resource, event, seq, 'codex.tool_blocking', {'conversation.id': event.conversationId, 'turn.id': event.turnId});
		}

		case 'compaction': {
			return span(resource, event, seq, 'codex.compaction', {'conversation.id': event.conversationId, 'turn.id': event.turnId});
		}

		case 'tool_span': {
			return span(resource, event, seq, event.tool, {tool_name: event.tool, call_id: event.callId, 'conversation.id': event.conversationId, 'turn.id': event.turnId, aborted: event.aborted});
		}

		case 'session_span': {
			return span(resource, event, seq, event.name, event.name === 'session_loop' ? {thread_id: event.conversationId} : {'thread.id': event.conversationId});
		}

		case 'working_directory': {
			// Codex's span names only its turn; the exported one names the conversation, so a fresh codexmon reads it alone.
			return span(resource, {...event, startMs: event.atMs, endMs: event.atMs}, seq, SAMPLING_REQUEST_SPAN, {'conversation.id': event.conversationId, cwd: event.cwd});
		}

		case 'rate_limits': {
			return log(resource, event, RATE_LIMITS_LOG_EVENT, rateLimitsAttributes(event));
		}

		case 'usage_limit_reached': {
			return log(resource, event, USAGE_LIMIT_LOG_EVENT, {'turn.id': event.turnId, message: event.message});
		}

		default: {
			return checkExhaustive(event);
		}
	}
}

function log(resource: Attributes, event: CodexEvent, eventName: string, attributes: Attributes): OtlpJsonItem {
	const time: Attributes = Number.isInteger(event.atMs) ? {'event.timestamp': new Date(event.atMs).toISOString()} : {};
	return {
		signal: 'logs',
		resource,
		record: {
			timeUnixNano: Number.isInteger(event.atMs) ? '0' : msToNanos(event.atMs),
			observedTimeUnixNano: msToNanos(event.atMs),
			severityNumber: 9,
			severityText: 'INFO',
			attributes: toKeyValues({'event.name': eventName, ...time, 'conversation.id': event.conversationId, ...attributes}),
		},
	};
}

function span(resource: Attributes, event: CodexEvent & {startMs: number; endMs: number}, seq: number, name: string, attributes: Attributes): OtlpJsonItem {
	const digest = createHash('sha256').update(`${event.conversationId}:${seq}`).digest('hex');
	return {
		signal: 'traces',
		resource,
		record: {
			traceId: digest.slice(0, 32),
			spanId: digest.slice(32, 48),
			name,
			kind: 1,
			startTimeUnixNano: msToNanos(event.startMs),
			endTimeUnixNano: msToNanos(event.endMs),
			attributes: toKeyValues(attributes),
		},
	};
}

/** Fractional milliseconds as an int64 nanosecond string, without float rounding past 2^53. */
function msToNanos(ms: number): string {
	const whole = Math.floor(ms);
	const fraction = Math.round((ms - whole) * 1e6);
	return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString();
}

export function toKeyValues(attributes: Attributes): Array<{key: string; value: Record<string, unknown>}> {
	return Object.entries(attributes).map(([key, value]) => ({key, value: toAnyValue(value)}));
}

function toAnyValue(value: AttributeValue): Record<string, unknown> {
	if (typeof value === 'string') {
		return {stringValue: value};
	}

	if (typeof value === 'boolean') {
		return {boolValue: value};
	}

	if (typeof value === 'number') {
		return Number.isInteger(value) ? {intValue: String(value)} : {doubleValue: value};
	}

	if (value === null) {
		return {};
	}

	if (Array.isArray(value)) {
		return {arrayValue: {values: value.map(item => toAnyValue(item))}};
	}

	return {kvlistValue: {values: toKeyValues(value)}};
}
