/**
 * When a detector speaks up. Defaults are meant not to cry wolf on a healthy session: a real agent
 * re-runs a test or `git status` now and then, but not three times in a row with the same result.
 */
import type {GroupBudget} from './budget-scopes.js';

export type Thresholds = {
	/** Same call, same result, this many times within the window: a warning. */
	loopWarning: number;
	/** …and this many: critical. */
	loopCritical: number;
	/** How many recent calls of a conversation the loop detectors look at. */
	loopWindow: number;
	/** A cycle of 2 or 3 calls must repeat this many rounds. */
	cycleRounds: number;
	/** Model requests in one turn without a new tool result: a stalled turn. */
	stallRequests: number;
	sessionTokens: Level;
	turnTokens: Level;
	turnRequests: Level;
	turnMinutes: Level;
	/** USD; only judged when the session's cost is known. */
	sessionCostUsd: Level;
	apiLatencyP95Seconds: Level;
	/** Share of failed tool calls among the last `failureWindow` (at least `failureMinCalls` of them). */
	toolFailureRate: Level;
	failureWindow: number;
	failureMinCalls: number;
	/** A plan rate-limit window's used percent (Codex's 5-hour and weekly windows). */
	planUsedPercent: Level;
	/** Tokens and USD per calendar day across sessions; none unless configured. */
	dailyTokens?: Level;
	dailyCostUsd?: Level;
	/** Budgets of teams and projects (by resource attribute), over the global ones. */
	groupBudgets: readonly GroupBudget[];
};

export type Level = {warning: number; critical: number};

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
	loopWarning: 3,
	loopCritical: 6,
	loopWindow: 20,
	cycleRounds: 3,
	stallRequests: 12,
	sessionTokens: {warning: 5_000_000, critical: 20_000_000},
	turnTokens: {warning: 1_000_000, critical: 5_000_000},
	turnRequests: {warning: 50, critical: 150},
	turnMinutes: {warning: 30, critical: 120},
	sessionCostUsd: {warning: 5, critical: 25},
	apiLatencyP95Seconds: {warning: 120, critical: 300},
	toolFailureRate: {warning: 0.3, critical: 0.6},
	failureWindow: 20,
	failureMinCalls: 10,
	// Warned with a tenth of the window left; at 100 % Codex refuses every request until the reset.
	planUsedPercent: {warning: 90, critical: 100},
	groupBudgets: [],
});
