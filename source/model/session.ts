import type {Attributes} from '../otlp/any-value.js';
import type {EntryPoint, RateLimitWindow, TurnScopedSpanEvent} from './codex-event.js';
import type {Alert} from './alert.js';
import type {TokenUsage} from './tokens.js';

export const DECISIONS = ['approved', 'approved_with_amendment', 'approved_for_session', 'denied', 'abort'] as const;
export type Decision = (typeof DECISIONS)[number];

export type SessionKind = 'main' | 'subagent' | 'title';

/** One HTTP request to the model: from the `codex.api_request` log, its usage from `codex.sse_event`. */
export type ModelRequest = {
	startMs: number;
	endMs: number;
	durationMs: number;
	status: number | null;
	attempt: number;
	error: string | null;
	usage: TokenUsage | null;
};

export type SpanTiming = {startMs: number; endMs: number};

export type ToolCall = {
	callId: string;
	turn: Turn;
	tool: string;
	namespace: string;
	arguments: string;
	output: string;
	outputTruncated: boolean;
	decision: string | null;
	decisionSource: string | null;
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
	/** Usage records that arrived without an api_request to attach to. */
	orphanUsage: TokenUsage[];
	toolCalls: ToolCall[];
	ttftMs: number | null;
	response: string | null;
	span: SpanTiming | null;
	spanUsage: TokenUsage | null;
	samplingSpans: SpanTiming[];
	toolBlockingSpans: SpanTiming[];
	codexCostUsd: number | null;
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
	startedAtMs: number;
	lastSeenAtMs: number;
	endedAtMs: number | null;
	turns: Turn[];
	/** The turn that log events attach to: the one the latest `codex.user_prompt` started. */
	currentTurn: Turn | null;
	toolCalls: Map<string, ToolCall>;
	/** Spans whose turn id no turn has yet, waiting for the turn span, a known call or an agent response. */
	pendingSpans: Map<string, TurnScopedSpanEvent[]>;
	alerts: Alert[];
	/** From the rollout (`--watch-sessions`, `import`): OTLP never carries them. */
	rateLimits: RateLimits | null;
	otherEvents: Record<string, number>;
	eventCount: number;
	/** Bumped on every change, so views can tell a changed session cheaply. */
	version: number;
};
