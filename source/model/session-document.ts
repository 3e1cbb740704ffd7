import type {Alert} from './alert.js';
import {localDay} from '../format/local-day.js';

export {localDay} from '../format/local-day.js';
import {createPriceBook, type PriceBook} from './price-book.js';
import {rateLimitsDocument, type RateLimitsDocument} from './rate-limits-document.js';
import {costsDisagree, requestCostUsd, sessionCostUsd, turnCostUsd, turnModel} from './session-cost.js';
import {failedAttempts, isCompactionRequest, requestError, requestStatus, requestTransport} from './model-requests.js';
import {statusAt, type SessionStatus} from './session-status.js';
import {lastTurnOutcome, turnOutcome, type TurnOutcomeView} from './turn-outcome.js';
import type {Session, Transport} from './session.js';
import {callSucceeded, exitCodeOf, mcpServerOf, toolKind, type ToolKind} from './tool-command.js';
import {decisionCounts, isTurnOver, orderedToolCalls, sessionModelRequestCount, sessionTransport, sessionUsage, turnEndMs, turnModelRequestCount, turnUsage, type DecisionCounts} from './selectors.js';
import type {TokenUsage} from './tokens.js';
import {sessionCwd} from './working-directory.js';

export type AttemptDocument = {transport: Transport; startedAt: string; status: number | null; error: string | null; durationMs: number};

/** One model request: completed, or finally failed (or still running), with every attempt it took. */
export type RequestDocument = {
	startedAt: string;
	/** From its first attempt to its completion or last failure, retry waits included. */
	durationMs: number;
	ttftMs: number | null;
	transport: Transport | null;
	/** The last attempt's HTTP status (null over the WebSocket, which has none). */
	status: number | null;
	/** Why it did not complete; null for a completed request and for one still running. */
	error: string | null;
	tokens: TokenUsage | null;
	costUsd: number | null;
	/** Every attempt, failed ones first; more than one means it was retried. */
	attempts: AttemptDocument[];
	/** It made a context compaction's summary: its tokens count in the turn, it is not one of the turn's `modelRequests`. */
	compaction: boolean;
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
	outcome: TurnOutcomeView['outcome'];
	/** What failed it, or why it was interrupted when Codex said; null otherwise. */
	error: string | null;
	compactions: number;
	requests: RequestDocument[];
};

export type ToolCallDocument = {
	callId: string;
	turnIndex: number;
	tool: string;
	kind: ToolKind;
	mcpServer: string | null;
	arguments: string;
	decision: string | null;
	decisionSource: string | null;
	/** A `denied` under `approval_policy=never`: Codex logs source User, but the policy refused. */
	refusedByPolicy: boolean;
	/** False for a non-zero exit, an MCP error result, a refusal, a failed patch; null while it runs. */
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
	/** The working directory Codex last reported (the imported rollout's when telemetry had none); null when unknown. */
	cwd: string | null;
	model: string;
	provider: string;
	approvalPolicy: string;
	sandboxPolicy: string;
	reasoningEffort: string;
	startedAt: string;
	lastSeenAt: string;
	endedAt: string | null;
	status: SessionStatus;
	/** Which transport the model requests used: `mixed` when a session has both (a WebSocket that fell back to HTTP). */
	transport: 'http' | 'websocket' | 'mixed' | null;
	/** Warm-up requests (one per WebSocket connection): not model requests, not in the tokens. */
	warmups: number;
	/** WebSocket handshakes that failed. */
	connectionFailures: Array<{at: string; status: number | null; error: string | null; durationMs: number}>;
	modelRequests: number;
	/** Attempts that failed (retried or final) across all model requests. */
	failedAttempts: number;
	tokens: TokenUsage;
	costUsd: number | null;
	costByDay: Array<{day: string; costUsd: number | null}>;
	pricing: {checkedOn: string; unpricedModels: string[]};
	turns: TurnDocument[];
	toolCalls: ToolCallDocument[];
	decisions: DecisionCounts;
	alerts: AlertDocument[];
	/** The plan's latest rate-limit snapshot (from the rollout), or null. */
	rateLimits: RateLimitsDocument | null;
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

export function buildSessionDocument(session: Session, prices: PriceBook = defaultPrices ??= createPriceBook(), nowMs = session.lastSeenAtMs): SessionDocument {
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
		cwd: sessionCwd(session),
		model: session.model,
		provider: session.provider,
		approvalPolicy: session.approvalPolicy,
		sandboxPolicy: session.sandboxPolicy,
		reasoningEffort: session.reasoningEffort,
		startedAt: toIso(session.startedAtMs),
		lastSeenAt: toIso(session.lastSeenAtMs),
		endedAt: session.endedAtMs === null ? null : toIso(session.endedAtMs),
		status: statusAt({ended: session.endedAtMs !== null, lastSeenAtMs: session.lastSeenAtMs, outcome: lastTurnOutcome(session), entry: session.entry}, nowMs),
		transport: sessionTransport(session),
		warmups: session.warmups,
		connectionFailures: session.connectionFailures.map(failure => ({at: toIso(failure.atMs), status: failure.status, error: failure.error, durationMs: failure.durationMs})),
		modelRequests: sessionModelRequestCount(session),
		failedAttempts: session.turns.reduce((count, turn) => count + turn.modelRequests.reduce((sum, request) => sum + failedAttempts(request).length, 0), 0),
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
			...turnOutcome(session, turn),
			compactions: turn.compactions.length,
			requests: turn.modelRequests.map(request => ({
				startedAt: toIso(request.startMs),
				durationMs: Math.max(0, Math.round(request.endMs - request.startMs)),
				ttftMs: request.ttftMs,
				transport: requestTransport(request),
				status: requestStatus(request),
				error: requestError(request, isTurnOver(session, turn)),
				tokens: request.usage,
				costUsd: requestCostUsd(session, turn, request, prices),
				attempts: request.attempts.map(attempt => ({
					transport: attempt.transport,
					startedAt: toIso(attempt.startMs),
					status: attempt.status,
					error: attempt.error,
					durationMs: Math.max(0, Math.round(attempt.endMs - attempt.startMs)),
				})),
				compaction: turn.compactions.length > 0 && isCompactionRequest(turn, request),
			})),
		})),
		toolCalls: orderedToolCalls(session).map(call => ({
			callId: call.callId,
			turnIndex: call.turn.index,
			tool: call.tool,
			kind: toolKind(call),
			mcpServer: mcpServerOf(call),
			arguments: call.arguments,
			decision: call.decision,
			decisionSource: call.decisionSource,
			refusedByPolicy: call.refusedByPolicy,
			success: callSucceeded(call),
			exitCode: exitCodeOf(call.output) ?? null,
			durationMs: call.durationMs ?? (call.endMs === null ? null : Math.round(call.endMs - call.startMs)),
			aborted: call.aborted,
			output: call.output,
		})),
		decisions: decisionCounts(session),
		alerts: session.alerts.map(alert => alertDocument(alert)),
		rateLimits: rateLimitsDocument(session.rateLimits),
		resource: session.resource,
	};
}
