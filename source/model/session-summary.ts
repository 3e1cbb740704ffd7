import type {Attributes} from '../otlp/any-value.js';
import type {PriceBook} from './price-book.js';
import type {Alert} from './alert.js';
import {rateLimitsDocument, type RateLimitsDocument} from './rate-limits-document.js';
import {toIso} from './session-document.js';
import type {Session} from './session.js';
import type {SpendBucket} from './spend-buckets.js';
import {sessionFigures} from './session-figures.js';
import {sessionTotals} from './session-totals.js';
import type {TokenUsage} from './tokens.js';
import {lastTurnOutcome, type TurnOutcomeView} from './turn-outcome.js';
import {sessionCwd} from './working-directory.js';

/** What the session list needs of a session; stored so listing never replays events. */
export type SessionSummary = {
	conversationId: string;
	kind: Session['kind'];
	parentConversationId: string | null;
	entry: Session['entry'];
	model: string;
	serviceName: string;
	/** Where the session ran, as `show --json` has it (absent in summaries written before it was kept). */
	cwd?: string | null;
	startedAt: string;
	lastSeenAt: string;
	endedAt: string | null;
	turns: number;
	modelRequests: number;
	toolCalls: number;
	tokens: TokenUsage;
	/** At the prices known when the summary was written; null when a model has no price. */
	costUsd: number | null;
	usageByModel: Record<string, TokenUsage>;
	turnsByModel: Record<string, number>;
	/** Resource attributes for attribution (service.name, env, host.name, team, project, …). */
	resource: Attributes;
	alerts: number;
	/** The first user prompt, shortened: what the session was about. */
	firstPrompt: string;
	/** Model events folded into the session (absent in summaries written before it was kept). */
	events?: number;
	/** How the last turn ended, or that it is still running (absent in summaries written before it was kept). */
	outcome?: TurnOutcomeView | null;
	/** Known cost by local calendar day of the turns' start (unpriced turns add nothing): `status`'s "today". */
	costByDay?: Record<string, number>;
	/** The plan's latest rate-limit snapshot, as in `show --json`. */
	rateLimits?: RateLimitsDocument | null;
	/** The session's alerts in brief, for `status`. */
	alertList?: AlertBrief[];
	/** Spend by hour, day and model, so reports count it when it was spent (absent in older summaries). */
	spend?: SpendBucket[];
};

export type AlertBrief = {key: string; kind: Alert['kind']; severity: Alert['severity']; message: string; at: string};

const FIRST_PROMPT_MAX_LENGTH = 120;

/** Resource keys that say nothing about who or where (the SDK's own). */
const IGNORED_RESOURCE_PREFIX = 'telemetry.sdk.';

export function summarizeSession(session: Session, prices: PriceBook): SessionSummary {
	// The session's running totals: a summary written on every commit must not re-add every request.
	const totals = sessionTotals(session, prices);
	const figures = sessionFigures(session, prices);
	const firstPrompt = session.turns.find(turn => turn.hasPrompt)?.prompt ?? '';
	return {
		conversationId: session.conversationId,
		kind: session.kind,
		parentConversationId: session.parentConversationId,
		entry: session.entry,
		model: session.model,
		serviceName: session.serviceName,
		cwd: sessionCwd(session),
		startedAt: toIso(session.startedAtMs),
		lastSeenAt: toIso(session.lastSeenAtMs),
		endedAt: session.endedAtMs === null ? null : toIso(session.endedAtMs),
		turns: session.turns.length,
		modelRequests: totals.modelRequests,
		toolCalls: session.toolCalls.size,
		tokens: totals.usage,
		costUsd: totals.costUsd,
		usageByModel: figures.usageByModel,
		turnsByModel: figures.turnsByModel,
		resource: Object.fromEntries(Object.entries(session.resource).filter(([key]) => !key.startsWith(IGNORED_RESOURCE_PREFIX))),
		alerts: session.alerts.length,
		firstPrompt: firstPrompt.length > FIRST_PROMPT_MAX_LENGTH ? `${firstPrompt.slice(0, FIRST_PROMPT_MAX_LENGTH - 1)}…` : firstPrompt,
		events: session.eventCount,
		outcome: lastTurnOutcome(session),
		costByDay: figures.costByDay,
		rateLimits: rateLimitsDocument(session.rateLimits),
		alertList: session.alerts.map(alert => ({key: alert.key, kind: alert.kind, severity: alert.severity, message: alert.message, at: toIso(alert.atMs)})),
		spend: figures.spend,
	};
}
