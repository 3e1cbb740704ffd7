import type {Attributes} from '../otlp/any-value.js';
import type {EntryPoint, RateLimitWindow, TurnOutcome, TurnScopedSpanEvent} from './codex-event.js';
import type {Alert} from './alert.js';
import type {TokenUsage} from './tokens.js';
import type {SessionSettings} from './session-settings.js';

export const DECISIONS = ['approved', 'approved_with_amendment', 'approved_for_session', 'denied', 'abort'] as const;
export type Decision = (typeof DECISIONS)[number];

export type SessionKind = 'main' | 'subagent' | 'title';

export type Transport = 'http' | 'websocket';

/**
 * One try at a model request: an HTTP attempt (`codex.api_request`, with its status) or a `response.create`
 * frame over the Responses WebSocket (`codex.websocket_request`, no status). `error` is set when it failed.
 */
export type RequestAttempt = {transport: Transport; startMs: number; endMs: number; status: number | null; error: string | null};

/**
 * One model request: what completed (its `codex.sse_event` usage record) or finally failed, with every attempt
 * it took, failed ones first. Times run from its first attempt to its completion or last failure.
 */
export type ModelRequest = {
	startMs: number;
	endMs: number;
	/** Time to the first response event of the attempt that completed (`ttft_ms`), when Codex reported it. */
	ttftMs: number | null;
	usage: TokenUsage | null;
	completed: boolean;
	attempts: RequestAttempt[];
};

/** A Responses WebSocket handshake that failed (Codex then falls back to HTTP for the process). */
export type ConnectionFailure = {atMs: number; durationMs: number; status: number | null; error: string | null};

export type SpanTiming = {startMs: number; endMs: number};

export type ToolCall = {
	callId: string;
	turn: Turn;
	tool: string;
	namespace: string;
	/** Codex's `mcp_server`, empty for a built-in tool. */
	mcpServer: string;
	arguments: string;
	output: string;
	outputTruncated: boolean;
	decision: string | null;
	decisionSource: string | null;
	/** A `denied` that no person gave: the session runs with `approval_policy=never`, so the policy refused. */
	refusedByPolicy: boolean;
	success: boolean | null;
	durationMs: number | null;
	/** Best-known start, fixed when the call is first seen so rows never jump. */
	orderMs: number;
	startMs: number;
	endMs: number | null;
	span: SpanTiming | null;
	aborted: boolean;
	agentName: string;
	hasResult: boolean;
};

export type Turn = {
	/** 1-based position among the conversation's user turns. */
	index: number;
	turnId: string | null;
	startedAtMs: number;
	/** When the last thing in the turn happened (log time), until the turn span gives its end. */
	lastActivityMs: number;
	hasPrompt: boolean;
	prompt: string;
	promptLength: number;
	model: string;
	modelRequests: ModelRequest[];
	toolCalls: ToolCall[];
	ttftMs: number | null;
	response: string | null;
	span: SpanTiming | null;
	spanUsage: TokenUsage | null;
	samplingSpans: SpanTiming[];
	toolBlockingSpans: SpanTiming[];
	codexCostUsd: number | null;
	/** How the turn ended, when a source said so (the rollout's `task_complete` / `turn_aborted`). */
	outcome: {outcome: TurnOutcome; error: string | null} | null;
	/**
	 * Context compactions during the turn: `codex.compaction` spans, or the rollout's `compacted` lines (a moment).
	 * The model request that made the summary is one of the turn's requests, but not one Codex counts.
	 */
	compactions: SpanTiming[];
};

/** The plan's rate-limit windows as of `atMs` (the latest snapshot by time). */
export type RateLimits = {limitId: string | null; planType: string | null; primary: RateLimitWindow | null; secondary: RateLimitWindow | null; atMs: number};

export type Session = {
	conversationId: string;
	kind: SessionKind;
	/** Set when a title-thread heuristic matched; a parent link or a tool call overrides it. */
	looksLikeTitle: boolean;
	parentConversationId: string | null;
	nickname: string | null;
	entry: EntryPoint;
	resource: Attributes;
	/** The latest working directory Codex reported (null until a model request or the rollout told it). */
	cwd: string | null;
	startedAtMs: number;
	lastSeenAtMs: number;
	endedAtMs: number | null;
	turns: Turn[];
	/** The turn that log events attach to: the one the latest `codex.user_prompt` started. */
	currentTurn: Turn | null;
	toolCalls: Map<string, ToolCall>;
	/** Which transports' records the session has: a session that fell back to HTTP has both. */
	transports: {http: boolean; websocket: boolean};
	connectionFailures: ConnectionFailure[];
	/** Warm-up requests (`generate: false`) seen, one per connection; never model requests, never counted in tokens. */
	warmups: number;
	/** Spans whose turn id no turn has yet, waiting for the turn span, a known call or an agent response. */
	pendingSpans: Map<string, TurnScopedSpanEvent[]>;
	alerts: Alert[];
	/** From the rollout (`--watch-sessions`, `import`): OTLP never carries them. */
	rateLimits: RateLimits | null;
	otherEvents: Record<string, number>;
	eventCount: number;
	/** Bumped on every change, so views can tell a changed session cheaply. */
	version: number;
} & SessionSettings;
