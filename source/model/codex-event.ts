import type {Attributes} from '../otlp/any-value.js';
import type {TokenUsage} from './tokens.js';
import type {SessionSettings} from './session-settings.js';

/** Where a conversation ran: `codex exec`, or the interactive TUI's app-server daemon. */
export type EntryPoint = 'exec' | 'interactive' | 'unknown';

type Base = {
	/** The conversation (`conversation.id`) the event belongs to. */
	conversationId: string;
	/** When it happened, epoch ms (from `event.timestamp`, the observed time, or the span start). */
	atMs: number;
};

export type ConversationStartsEvent = Base & SessionSettings & {
	kind: 'conversation_starts';
	resource: Attributes;
};

export type UserPromptEvent = Base & {kind: 'user_prompt'; prompt: string; promptLength: number; model: string};

/** One HTTP attempt at a model request (`codex.api_request`, logged when the response headers arrive). */
export type ApiRequestEvent = Base & {kind: 'api_request'; durationMs: number; status: number | null; attempt: number; error: string | null};

/**
 * One `response.create` frame sent over the Responses WebSocket (`codex.websocket_request`), logged when it is
 * sent; the warm-up a connection starts with included. `durationMs` is the time to send, not the model's.
 */
export type WebsocketRequestEvent = Base & {kind: 'websocket_request'; durationMs: number; success: boolean | null; error: string | null};

/** A Responses WebSocket handshake (`codex.websocket_connect`); a refused one makes Codex fall back to HTTP. */
export type WebsocketConnectEvent = Base & {kind: 'websocket_connect'; durationMs: number; success: boolean | null; status: number | null; error: string | null};

/**
 * The usage record of `codex.sse_event` (`response.completed`): one completed model response, on both transports.
 * `ttftMs` is null when the record has no `ttft_ms` (a warm-up's), undefined in events stored before it was read.
 */
export type SseUsageEvent = Base & {kind: 'sse_usage'; usage: TokenUsage; cacheWrite: number; ttftMs?: number | null};

/** A model response stream that failed before `response.completed` (`codex.sse_event` with `error.message`). */
export type StreamErrorEvent = Base & {kind: 'stream_error'; error: string};

export type TurnTtftEvent = Base & {kind: 'turn_ttft'; durationMs: number};

export type ToolDecisionEvent = Base & {kind: 'tool_decision'; callId: string; tool: string; decision: string; source: string | null};

export type ToolResultEvent = Base & {
	kind: 'tool_result';
	callId: string;
	tool: string;
	namespace: string;
	mcpServer?: string;
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

/** A hosted web search the model ran (`codex.sse_event` kinds `response.web_search_call.*`, the rollout's `web_search_call`): no tool telemetry of its own. */
export type WebSearchEvent = Base & {kind: 'web_search'; phase: 'in_progress' | 'completed'; query: string};

export type TurnCostEvent = Base & {kind: 'turn_cost'; turnId: string; estimatedUsd: number | null};

export type TurnOutcome = 'completed' | 'interrupted' | 'failed';

/**
 * How a turn ended, as the rollout says it (`task_complete`, with `error` when it failed; `turn_aborted`).
 * A failing or interrupted `codex exec` exits without flushing its telemetry: this is often the only word of it.
 */
export type TurnOutcomeEvent = Base & {kind: 'turn_outcome'; turnId: string; turnStartMs: number | null; outcome: TurnOutcome; error: string | null};

/** Any other named Codex log event: kept and counted, not interpreted. */
export type OtherLogEvent = Base & {kind: 'log_event'; eventName: string; attributes: Attributes};

export type TurnSpanEvent = Base & {kind: 'turn_span'; turnId: string; startMs: number; endMs: number; model: string; usage: TokenUsage | null};

export type SamplingSpanEvent = Base & {kind: 'sampling_span'; turnId: string; startMs: number; endMs: number};

export type ToolSpanEvent = Base & {kind: 'tool_span'; turnId: string; callId: string; tool: string; startMs: number; endMs: number; aborted: boolean};

/**
 * The working directory a model request ran in (`cwd` of the `run_sampling_request` span, which names only its
 * turn: the conversation comes from the turn's other spans).
 */
export type WorkingDirectoryEvent = Base & {kind: 'working_directory'; cwd: string};

/** A context compaction (`codex.compaction` span; from a rollout's `compacted` line, start = end = its time). */
export type CompactionEvent = Base & {kind: 'compaction'; turnId: string; startMs: number; endMs: number};

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
	| WebsocketRequestEvent
	| WebsocketConnectEvent
	| SseUsageEvent
	| StreamErrorEvent
	| TurnTtftEvent
	| ToolDecisionEvent
	| ToolResultEvent
	| AgentResponseEvent
	| SubagentSpawnedEvent
	| TurnCostEvent
	| WebSearchEvent
	| TurnOutcomeEvent
	| OtherLogEvent
	| TurnSpanEvent
	| SamplingSpanEvent
	| ToolSpanEvent
	| ToolBlockingSpanEvent
	| CompactionEvent
	| SessionSpanEvent
	| WorkingDirectoryEvent
	| RateLimitsEvent
	| UsageLimitEvent;

export type CodexEventKind = CodexEvent['kind'];

/** Spans that belong to one turn, found by their turn id. */
export type TurnScopedSpanEvent = SamplingSpanEvent | ToolBlockingSpanEvent | ToolSpanEvent | CompactionEvent;

export function checkExhaustive(value: never): never {
	throw new Error(`unexpected value ${String(value)}`);
}
