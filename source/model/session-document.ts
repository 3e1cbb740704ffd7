import type {Alert} from './alert.js';
import {createPriceBook, type PriceBook} from './price-book.js';
import {costsDisagree, requestCostUsd, sessionCostUsd, turnCostUsd, turnModel} from './session-cost.js';
import type {Session} from './session.js';
import {decisionCounts, orderedToolCalls, sessionModelRequestCount, sessionUsage, turnEndMs, turnModelRequestCount, turnUsage, type DecisionCounts} from './selectors.js';
import type {TokenUsage} from './tokens.js';
import {callFailed, exitCodeOf} from './tool-command.js';

export type RequestDocument = {
	startedAt: string;
	durationMs: number;
	status: number | null;
	error: string | null;
	tokens: TokenUsage | null;
	costUsd: number | null;
};

export type TurnDocument = {
	index: number;
	turnId: string | null;
	startedAt: string;
	endedAt: string;
	durationMs: number;
	prompt: string;
	model: string;
	modelRequests: number;
	toolCalls: number;
	tokens: TokenUsage;
	/** Our estimate from the price table; null when the model has no known price. */
	costUsd: number | null;
	/** Codex's own estimate (`codex.turn_cost`), when it sent one. */
	codexCostUsd: number | null;
	costDisagreement: boolean;
	requests: RequestDocument[];
};

export type ToolCallDocument = {
	callId: string;
	turnIndex: number;
	tool: string;
	arguments: string;
	decision: string | null;
	decisionSource: string | null;
	/** False when the command exited non-zero, whatever Codex's own `success` said. */
	success: boolean | null;
	/** The exit code from the output (`Process exited with code N`, `Exit code: N`), null when it shows none. */
	exitCode: number | null;
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
	costUsd: number | null;
	costByDay: Array<{day: string; costUsd: number | null}>;
	pricing: {checkedOn: string; unpricedModels: string[]};
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

let defaultPrices: PriceBook | undefined;

/** The local calendar day of a time, `YYYY-MM-DD`. */
export function localDay(ms: number): string {
	const date = new Date(ms);
	return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

export function buildSessionDocument(session: Session, prices: PriceBook = defaultPrices ??= createPriceBook()): SessionDocument {
	const costByDay = new Map<string, number | null>();
	const unpriced = new Set<string>();
	for (const turn of session.turns) {
		const cost = turnCostUsd(session, turn, prices);
		const day = localDay(turn.startedAtMs);
		const previous = costByDay.has(day) ? costByDay.get(day)! : 0;
		costByDay.set(day, previous === null || cost === null ? null : previous + cost);
		if (cost === null) {
			unpriced.add(turnModel(session, turn) || 'unknown');
		}
	}

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
		costUsd: sessionCostUsd(session, prices),
		costByDay: [...costByDay].map(([day, costUsd]) => ({day, costUsd})),
		pricing: {checkedOn: prices.checkedOn, unpricedModels: [...unpriced]},
		turns: session.turns.map(turn => ({
			index: turn.index,
			turnId: turn.turnId,
			startedAt: toIso(turn.startedAtMs),
			endedAt: toIso(turnEndMs(turn)),
			durationMs: Math.max(0, Math.round(turnEndMs(turn) - turn.startedAtMs)),
			prompt: turn.prompt,
			model: turnModel(session, turn),
			modelRequests: turnModelRequestCount(turn),
			toolCalls: turn.toolCalls.length,
			tokens: turnUsage(turn),
			costUsd: turnCostUsd(session, turn, prices),
			codexCostUsd: turn.codexCostUsd,
			costDisagreement: costsDisagree(turnCostUsd(session, turn, prices), turn.codexCostUsd),
			requests: turn.modelRequests.map(request => ({
				startedAt: toIso(request.startMs),
				durationMs: Math.max(0, Math.round(request.endMs - request.startMs)),
				status: request.status,
				error: request.error,
				tokens: request.usage,
				costUsd: requestCostUsd(session, turn, request, prices),
			})),
		})),
		toolCalls: orderedToolCalls(session).map(call => ({
			callId: call.callId,
			turnIndex: call.turn.index,
			tool: call.tool,
			arguments: call.arguments,
			decision: call.decision,
			decisionSource: call.decisionSource,
			success: call.success === null ? null : !callFailed(call),
			exitCode: exitCodeOf(call.output) ?? null,
			durationMs: call.durationMs ?? (call.endMs === null ? null : Math.round(call.endMs - call.startMs)),
			aborted: call.aborted,
			output: call.output,
		})),
		decisions: decisionCounts(session),
		alerts: session.alerts.map(alert => alertDocument(alert)),
		resource: session.resource,
	};
}
