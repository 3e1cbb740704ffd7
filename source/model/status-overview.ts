import {localDay, startOfLocalDayMs} from '../format/local-day.js';
import type {RateLimitsDocument} from './rate-limits-document.js';
import {sessionStatus} from './session-status.js';
import type {AlertBrief, SessionSummary} from './session-summary.js';

/** One alert on the status line, with the session it belongs to. */
export type StatusAlert = Omit<AlertBrief, 'kind'> & {conversationId: string; kind: string};

/** Everything live at a glance: what `codexmon status` prints and GET /codexmon/status answers under `overview`. */
export type StatusOverview = {
	/** Sessions (title threads aside) with telemetry in the last two minutes and no end. */
	live: number;
	/** Tokens of the model responses that completed in the last minute; null when only the database was read. */
	tokensPerMinute: number | null;
	/** What every session's turns that started today (local time) cost, at known prices. */
	costTodayUsd: number;
	/** The plan's latest rate-limit snapshot across sessions. */
	rateLimits: RateLimitsDocument | null;
	/** Alerts of sessions seen in the last quarter hour, critical first, then newest first. */
	alerts: StatusAlert[];
};

/** A session that went quiet this recently still has its alerts on the status line (a loop just killed, a usage limit). */
export const ALERT_RECENT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** The summaries an overview reads: today's, and the last day's for the plan snapshot. */
export function overviewSinceMs(nowMs: number): number {
	return Math.min(startOfLocalDayMs(nowMs), nowMs - DAY_MS);
}

/** The overview from the stored session summaries (last seen since `overviewSinceMs`). */
export function overviewOfSummaries(summaries: readonly SessionSummary[], nowMs: number, tokensPerMinute: number | null): StatusOverview {
	const today = localDay(nowMs);
	let live = 0;
	let costTodayUsd = 0;
	let rateLimits: RateLimitsDocument | null = null;
	const alerts: StatusAlert[] = [];
	for (const summary of summaries) {
		if (summary.kind === 'title') {
			continue;
		}

		if (sessionStatus(summary, nowMs) === 'live') {
			live++;
		}

		costTodayUsd += summary.costByDay?.[today] ?? 0;
		if (summary.rateLimits && (!rateLimits || summary.rateLimits.at > rateLimits.at)) {
			rateLimits = summary.rateLimits;
		}

		if (nowMs - Date.parse(summary.lastSeenAt) <= ALERT_RECENT_MS) {
			alerts.push(...(summary.alertList ?? []).map(alert => ({conversationId: summary.conversationId, ...alert})));
		}
	}

	alerts.sort((a, b) => rank(b.severity) - rank(a.severity) || b.at.localeCompare(a.at));
	return {live, tokensPerMinute, costTodayUsd, rateLimits, alerts};
}

function rank(severity: string): number {
	return severity === 'critical' ? 2 : 1;
}
