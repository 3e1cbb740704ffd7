import type {PriceBook} from '../model/price-book.js';
import {turnEndMs, turnModelRequestCount, turnUsage} from '../model/selectors.js';
import {sessionTotals} from '../model/session-totals.js';
import type {Session, Turn} from '../model/session.js';
import {formatCount, formatDuration, formatUsd} from '../format/format-number.js';
import {groupBudgetsOf, scopeName, type GroupBudget} from './budget-scopes.js';
import {callFacts} from './call-facts.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';
import {recentCallsWithResult} from './recent-calls.js';
import type {Level, Thresholds} from './thresholds.js';

/** At least this many requests before a latency percentile means anything. */
const MIN_REQUESTS_FOR_P95 = 5;

export type RunawayContext = {thresholds: Thresholds; prices: PriceBook; onAlert?: AlertListener | undefined};

/** Tokens, cost and time against their thresholds: the session as a whole and its current turn. */
export function detectRunawaySession(session: Session, nowMs: number, {thresholds, prices, onAlert}: RunawayContext): void {
	const check = (metric: string, key: string, value: number, level: Level, describe: (value: number, limit: number) => string, callIds: string[] = []) => {
		const severity = severityFor(value, level);
		if (severity) {
			const limit = severity === 'critical' ? level.critical : level.warning;
			raiseAlert(session, {key, kind: 'runaway', metric, severity, atMs: nowMs, message: describe(value, limit), callIds, evidence: {value, warning: level.warning, critical: level.critical}}, onAlert);
		}
	};

	const groups = groupBudgetsOf(session, thresholds.groupBudgets);
	const tokensGroup = groups.find(group => group.sessionTokens);
	const costGroup = groups.find(group => group.sessionCostUsd);
	const of = (group: GroupBudget | undefined) => group ? ` for ${scopeName(group)}` : '';
	// Running totals: recomputing them from every request on every event made a long session quadratic.
	const totals = sessionTotals(session, prices);
	check('tokens', 'runaway:tokens', totals.usage.total, tokensGroup?.sessionTokens ?? thresholds.sessionTokens, (value, limit) => `session used ${formatCount(value)} tokens (limit ${formatCount(limit)}${of(tokensGroup)})`);
	const cost = totals.costUsd;
	if (cost !== null) {
		check('cost', 'runaway:cost', cost, costGroup?.sessionCostUsd ?? thresholds.sessionCostUsd, (value, limit) => `session cost ${formatUsd(value)} (limit ${formatUsd(limit)}${of(costGroup)})`);
	}

	const turn = session.currentTurn ?? session.turns.at(-1);
	if (turn) {
		detectRunawayTurn(turn, check, thresholds);
	}

	const durations = totals.completedDurationsMs;
	if (durations.length >= MIN_REQUESTS_FOR_P95) {
		const p95 = percentileOfSorted(durations, 0.95) / 1000;
		check('api-latency-p95', 'runaway:api-latency-p95', p95, thresholds.apiLatencyP95Seconds, (value, limit) => `p95 model request latency ${formatDuration(value * 1000)} (limit ${formatDuration(limit * 1000)})`);
	}

	const calls = recentCallsWithResult(session, thresholds.failureWindow);
	if (calls.length >= thresholds.failureMinCalls) {
		const failed = calls.filter(call => callFacts(call).failed);
		check('tool-failure-rate', 'runaway:tool-failure-rate', failed.length / calls.length, thresholds.toolFailureRate, (value, limit) => `${failed.length} of the last ${calls.length} tool calls failed (${Math.round(value * 100)} %, limit ${Math.round(limit * 100)} %)`, failed.map(call => call.callId));
	}
}

type Check = (metric: string, key: string, value: number, level: Level, describe: (value: number, limit: number) => string) => void;

function detectRunawayTurn(turn: Turn, check: Check, thresholds: Thresholds): void {
	check('turn-tokens', `runaway:turn-tokens:${turn.index}`, turnUsage(turn).total, thresholds.turnTokens, (value, limit) => `turn ${turn.index} used ${formatCount(value)} tokens (limit ${formatCount(limit)})`);
	check('model-requests', `runaway:model-requests:${turn.index}`, turnModelRequestCount(turn), thresholds.turnRequests, (value, limit) => `turn ${turn.index} made ${value} model requests (limit ${limit})`);
	const minutes = (turnEndMs(turn) - turn.startedAtMs) / 60_000;
	check('turn-time', `runaway:turn-time:${turn.index}`, minutes, thresholds.turnMinutes, (value, limit) => `turn ${turn.index} has run ${formatDuration(value * 60_000)} (limit ${formatDuration(limit * 60_000)})`);
}

function percentileOfSorted(sorted: readonly number[], fraction: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}
