import {BUDGET_ATTRIBUTES, type GroupBudget} from './budget-scopes.js';
import {DEFAULT_THRESHOLDS, type Level, type Thresholds} from './thresholds.js';

/** A budget is where an alert turns critical; it warns from this share of it. */
const BUDGET_WARNING_SHARE = 0.8;

export type ThresholdSettings = {
	detect?: Record<string, unknown>;
	budget?: Record<string, unknown>;
	/** Flags win over the config file. */
	flags?: {loopThreshold?: number; budgetTokens?: number; budgetUsd?: number};
};

/** Defaults, then the config file's [detect] and [budget], then flags. */
export function resolveThresholds(settings: ThresholdSettings): Thresholds {
	const detect = settings.detect ?? {};
	const budget = settings.budget ?? {};
	const number = (value: unknown) => typeof value === 'number' ? value : undefined;
	const level = (limit: number | undefined, fallback: Level): Level => limit === undefined ? fallback : {warning: limit * BUDGET_WARNING_SHARE, critical: limit};
	const loopWarning = settings.flags?.loopThreshold ?? number(detect.loop_threshold) ?? DEFAULT_THRESHOLDS.loopWarning;
	return {
		loopWarning,
		loopCritical: Math.max(loopWarning + 1, number(detect.loop_critical) ?? Math.max(DEFAULT_THRESHOLDS.loopCritical, loopWarning * 2)),
		loopWindow: Math.max(loopWarning, number(detect.loop_window) ?? DEFAULT_THRESHOLDS.loopWindow),
		cycleRounds: number(detect.cycle_rounds) ?? DEFAULT_THRESHOLDS.cycleRounds,
		stallRequests: number(detect.stall_requests) ?? DEFAULT_THRESHOLDS.stallRequests,
		sessionTokens: level(settings.flags?.budgetTokens ?? number(budget.session_tokens), DEFAULT_THRESHOLDS.sessionTokens),
		turnTokens: level(number(budget.turn_tokens), DEFAULT_THRESHOLDS.turnTokens),
		turnRequests: level(number(budget.turn_requests), DEFAULT_THRESHOLDS.turnRequests),
		turnMinutes: level(number(budget.turn_minutes), DEFAULT_THRESHOLDS.turnMinutes),
		sessionCostUsd: level(settings.flags?.budgetUsd ?? number(budget.session_cost_usd), DEFAULT_THRESHOLDS.sessionCostUsd),
		apiLatencyP95Seconds: level(number(budget.api_latency_p95_seconds), DEFAULT_THRESHOLDS.apiLatencyP95Seconds),
		toolFailureRate: level(number(budget.tool_failure_rate), DEFAULT_THRESHOLDS.toolFailureRate),
		failureWindow: DEFAULT_THRESHOLDS.failureWindow,
		failureMinCalls: DEFAULT_THRESHOLDS.failureMinCalls,
		planUsedPercent: {warning: number(detect.plan_warning_percent) ?? DEFAULT_THRESHOLDS.planUsedPercent.warning, critical: DEFAULT_THRESHOLDS.planUsedPercent.critical},
		...optionalLevel('dailyTokens', number(budget.daily_tokens)),
		...optionalLevel('dailyCostUsd', number(budget.daily_cost_usd)),
		groupBudgets: BUDGET_ATTRIBUTES.flatMap(attribute => Object.entries((budget[attribute] ?? {}) as Record<string, Record<string, unknown>>).map(([value, settings]): GroupBudget => ({
			attribute,
			value,
			...optionalLevel('sessionTokens', number(settings.session_tokens)),
			...optionalLevel('sessionCostUsd', number(settings.session_cost_usd)),
			...optionalLevel('dailyTokens', number(settings.daily_tokens)),
			...optionalLevel('dailyCostUsd', number(settings.daily_cost_usd)),
		}))),
	};
}

function budgetLevel(limit: number): Level {
	return {warning: limit * BUDGET_WARNING_SHARE, critical: limit};
}

/** `{name: level}` when a budget is set, else nothing (optional properties stay absent). */
function optionalLevel<Name extends string>(name: Name, limit: number | undefined): Partial<Record<Name, Level>> {
	return limit === undefined ? {} : {[name]: budgetLevel(limit)} as Record<Name, Level>;
}
