import type {Alert} from './alert.js';
import type {Session} from './session.js';
import {decisionCounts, orderedToolCalls, sessionModelRequestCount, sessionUsage, turnEndMs, turnModelRequestCount, turnUsage, type DecisionCounts} from './selectors.js';
import type {TokenUsage} from './tokens.js';

export type TurnDocument = {
	index: number;
	turnId: string | null;
	startedAt: string;
	endedAt: string;
	durationMs: number;
	prompt: string;
	modelRequests: number;
	toolCalls: number;
	tokens: TokenUsage;
};

export type ToolCallDocument = {
	callId: string;
	turnIndex: number;
	tool: string;
	arguments: string;
	decision: string | null;
	decisionSource: string | null;
	success: boolean | null;
	durationMs: number | null;
	aborted: boolean;
	output: string;
};

export type AlertDocument = {
	kind: Alert['kind'];
	pattern?: string;
	metric?: string;
	severity: Alert['severity'];
	at: string;
	message: string;
	callIds: string[];
	evidence: Record<string, unknown>;
};

/** The `show --json` document: the stable, public shape of one session. */
export type SessionDocument = {
	conversationId: string;
	kind: Session['kind'];
	parentConversationId: string | null;
	entry: Session['entry'];
	serviceName: string;
	model: string;
	provider: string;
	approvalPolicy: string;
	sandboxPolicy: string;
	reasoningEffort: string;
	startedAt: string;
	lastSeenAt: string;
	endedAt: string | null;
	modelRequests: number;
	tokens: TokenUsage;
	turns: TurnDocument[];
	toolCalls: ToolCallDocument[];
	decisions: DecisionCounts;
	alerts: AlertDocument[];
	resource: Record<string, unknown>;
};

export function toIso(ms: number): string {
	return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : new Date(0).toISOString();
}

export function alertDocument(alert: Alert): AlertDocument {
	return {
		kind: alert.kind,
		...(alert.pattern === undefined ? {} : {pattern: alert.pattern}),
		...(alert.metric === undefined ? {} : {metric: alert.metric}),
		severity: alert.severity,
		at: toIso(alert.atMs),
		message: alert.message,
		callIds: alert.callIds,
		evidence: alert.evidence,
	};
}

export function buildSessionDocument(session: Session): SessionDocument {
	return {
		conversationId: session.conversationId,
		kind: session.kind,
		parentConversationId: session.parentConversationId,
		entry: session.entry,
		serviceName: session.serviceName,
		model: session.model,
		provider: session.provider,
		approvalPolicy: session.approvalPolicy,
		sandboxPolicy: session.sandboxPolicy,
		reasoningEffort: session.reasoningEffort,
		startedAt: toIso(session.startedAtMs),
		lastSeenAt: toIso(session.lastSeenAtMs),
		endedAt: session.endedAtMs === null ? null : toIso(session.endedAtMs),
		modelRequests: sessionModelRequestCount(session),
		tokens: sessionUsage(session),
		turns: session.turns.map(turn => ({
			index: turn.index,
			turnId: turn.turnId,
			startedAt: toIso(turn.startedAtMs),
			endedAt: toIso(turnEndMs(turn)),
			durationMs: Math.max(0, Math.round(turnEndMs(turn) - turn.startedAtMs)),
			prompt: turn.prompt,
			modelRequests: turnModelRequestCount(turn),
			toolCalls: turn.toolCalls.length,
			tokens: turnUsage(turn),
		})),
		toolCalls: orderedToolCalls(session).map(call => ({
			callId: call.callId,
			turnIndex: call.turn.index,
			tool: call.tool,
			arguments: call.arguments,
			decision: call.decision,
			decisionSource: call.decisionSource,
			success: call.success,
			durationMs: call.durationMs ?? (call.endMs === null ? null : Math.round(call.endMs - call.startMs)),
			aborted: call.aborted,
			output: call.output,
		})),
		decisions: decisionCounts(session),
		alerts: session.alerts.map(alert => alertDocument(alert)),
		resource: session.resource,
	};
}
