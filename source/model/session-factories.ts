import type {Session, ToolCall, Turn} from './session.js';
import {NO_SESSION_SETTINGS} from './session-settings.js';

/** A conversation nothing is known of yet but its id and the time of its first event (0: unknown). */
export function newSession(conversationId: string, atMs: number): Session {
	return {
		conversationId,
		kind: 'main',
		looksLikeTitle: false,
		parentConversationId: null,
		nickname: null,
		entry: 'unknown',
		...NO_SESSION_SETTINGS,
		resource: {},
		cwd: null,
		startedAtMs: atMs > 0 ? atMs : Number.POSITIVE_INFINITY,
		lastSeenAtMs: atMs,
		endedAtMs: null,
		turns: [],
		currentTurn: null,
		toolCalls: new Map(),
		transports: {http: false, websocket: false},
		connectionFailures: [],
		warmups: 0,
		pendingSpans: new Map(),
		alerts: [],
		rateLimits: null,
		otherEvents: {},
		eventCount: 0,
		version: 0,
	};
}

/** An empty turn; its `index` is given when it takes its place among the session's turns. */
export function newTurn(startedAtMs: number): Turn {
	return {
		index: 0,
		turnId: null,
		startedAtMs,
		lastActivityMs: startedAtMs,
		hasPrompt: false,
		prompt: '',
		promptLength: 0,
		model: '',
		modelRequests: [],
		toolCalls: [],
		ttftMs: null,
		response: null,
		span: null,
		spanUsage: null,
		samplingSpans: [],
		toolBlockingSpans: [],
		codexCostUsd: null,
		outcome: null,
		compactions: [],
	};
}

/** A call known only by its id, its turn and the moment that orders it among the turn's calls. */
export function newToolCall(callId: string, turn: Turn, orderMs: number): ToolCall {
	return {
		callId,
		turn,
		tool: '',
		namespace: '',
		mcpServer: '',
		arguments: '',
		output: '',
		outputTruncated: false,
		decision: null,
		decisionSource: null,
		refusedByPolicy: false,
		success: null,
		durationMs: null,
		orderMs,
		startMs: orderMs,
		endMs: null,
		span: null,
		aborted: false,
		agentName: '',
		hasResult: false,
	};
}
