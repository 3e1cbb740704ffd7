import type {Session} from '../model/session.js';
import type {Level} from './thresholds.js';

/** Resource attributes a budget can be set for (Codex's `OTEL_RESOURCE_ATTRIBUTES`, e.g. `team=payments`). */
export const BUDGET_ATTRIBUTES = ['team', 'project'] as const;

export type BudgetAttribute = (typeof BUDGET_ATTRIBUTES)[number];

/** Budgets of one team or project; unset ones fall back to the global budget. */
export type GroupBudget = {
	attribute: BudgetAttribute;
	value: string;
	sessionTokens?: Level;
	sessionCostUsd?: Level;
	dailyTokens?: Level;
	dailyCostUsd?: Level;
};

/** The team and project budgets that apply to a session, from its resource attributes. */
export function groupBudgetsOf(session: Pick<Session, 'resource'>, budgets: readonly GroupBudget[]): GroupBudget[] {
	if (budgets.length === 0) {
		return [];
	}

	return budgets.filter(budget => {
		const value = session.resource[budget.attribute];
		return typeof value === 'string' && value === budget.value;
	});
}

/** `team=payments`: how a group is named in alerts and keys. */
export function scopeName(budget: GroupBudget): string {
	return `${budget.attribute}=${budget.value}`;
}
