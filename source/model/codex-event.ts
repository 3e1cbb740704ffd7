import type {Attributes} from '../otlp/any-value.js';
import type {TokenUsage} from './tokens.js';

/** Where a conversation ran: `codex exec`, or the interactive TUI's app-server daemon. */
export type EntryPoint = 'exec' | 'interactive' | 'unknown';

type Base = {
	/** The conversation (`conversation.id`) the event belongs to. */
	conversationId: string;
	/** When it happened, epoch ms (from `event.timestamp`, the observed time, or the span start). */
	atMs: number;
};

export type ConversationStartsEvent = Base & {
	kind: 'conversation_starts';
	serviceName: string;
	originator: string;
	model: string;
	provider: string;
	approvalPolicy: string;
	sandboxPolicy: string;
	reasoningEffort: string;
	mcpServers: string;
	appVersion: string;
	resource: Attributes;
};

export type UserPromptEvent = Base & {kind: 'user_prompt'; prompt: string; promptLength: number; model: string};

export type ApiRequestEvent = Base & {kind: 'api_request'; durationMs: number; status: number | null; attempt: number; error: string | null};

/** The usage record of `codex.sse_event` (`response.completed`): one model request's tokens. */
export type SseUsageEvent = Base & {kind: 'sse_usage'; usage: TokenUsage; cacheWrite: number};

export type TurnTtftEvent = Base & {kind: 'turn_ttft'; durationMs: number};

export type ToolDecisionEvent = Base & {kind: 'tool_decision'; callId: string; tool: string; decision: string; source: string | null};

export type ToolResultEvent = Base & {
	kind: 'tool_result';
	callId: string;
	tool: string;
	namespace: string;
	arguments: string;
	output: string;
	outputTruncated: boolean;
	durationMs: number | null;
	success: boolean | null;
	agentName: string;
};

export type AgentResponseEvent = Base & {
	kind: 'agent_response';
	turnId: string;
	agentType: string;
	parentConversationId: string | null;
	response: string;
};

/** Derived from a `spawn_agent` result: the child conversation (conversationId) and its parent. */
export type SubagentSpawnedEvent = Base & {kind: 'subagent_spawned'; parentConversationId: string; callId: string; nickname: string};

export type TurnCostEvent = Base & {kind: 'turn_cost'; turnId: string; estimatedUsd: number | null};

/** Any other named Codex log event: kept and counted, not interpreted. */
export type OtherLogEvent = Base & {kind: 'log_event'; eventName: string; attributes: Attributes};

export type TurnSpanEvent = Base & {kind: 'turn_span'; turnId: string; startMs: number; endMs: number; model: string; usage: TokenUsage | null};

export type SamplingSpanEvent = Base & {kind: 'sampling_span'; turnId: string; startMs: number; endMs: number};

export type ToolSpanEvent = Base & {kind: 'tool_span'; turnId: string; callId: string; tool: string; startMs: number; endMs: number; aborted: boolean};

export type ToolBlockingSpanEvent = Base & {kind: 'tool_blocking_span'; turnId: string; startMs: number; endMs: number};

/** The end of a thread (`session_loop`) or of a `codex exec` process (`codex.exec`). */
export type SessionSpanEvent = Base & {kind: 'session_span'; name: string; startMs: number; endMs: number};

/** One plan window of Codex's rate limits (`primary`: the 5-hour window, `secondary`: the weekly one). */
export type RateLimitWindow = {usedPercent: number; windowMinutes: number | null; resetsAtMs: number | null};

/**
 * The plan's rate-limit snapshot Codex got with a model response.
 * @NOTE codex 0.171.0: it never reaches OTLP; only the rollout's `event_msg` `token_count.rate_limits` has it.
 */
export type RateLimitsEvent = Base & {kind: 'rate_limits'; limitId: string | null; planType: string | null; primary: RateLimitWindow | null; secondary: RateLimitWindow | null};

/** A turn that failed on the plan's usage limit (rollout `task_complete.error`, `codex_error_info: usage_limit_exceeded`). */
export type UsageLimitEvent = Base & {kind: 'usage_limit_reached'; turnId: string; message: string};

export type CodexEvent =
	| ConversationStartsEvent
	| UserPromptEvent
	| ApiRequestEvent
	| SseUsageEvent
	| TurnTtftEvent
	| ToolDecisionEvent
	| ToolResultEvent
	| AgentResponseEvent
	| SubagentSpawnedEvent
	| TurnCostEvent
	| OtherLogEvent
	| TurnSpanEvent
	| SamplingSpanEvent
	| ToolSpanEvent
	| ToolBlockingSpanEvent
	| SessionSpanEvent
	| RateLimitsEvent
	| UsageLimitEvent;

export type CodexEventKind = CodexEvent['kind'];

/** Spans that belong to one turn, found by their turn id. */
export type TurnScopedSpanEvent = SamplingSpanEvent | ToolBlockingSpanEvent | ToolSpanEvent;

export function checkExhaustive(value: never): never {
	throw new Error(`unexpected value ${String(value)}`);
}
