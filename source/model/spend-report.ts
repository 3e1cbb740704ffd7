import type {PriceBook} from './price-book.js';
import {costOfUsageByModel} from './session-cost.js';
import type {SessionSummary} from './session-summary.js';
import {localDay} from './session-document.js';
import {addUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';
import {addCosts} from './usage-cost.js';

export const GROUP_BYS = ['team', 'project', 'model', 'env', 'day', 'service', 'host'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

export type ReportRow = {
	key: string;
	sessions: number;
	turns: number;
	modelRequests: number;
	tokens: TokenUsage;
	/** Null when some of the group's tokens ran on a model without a known price. */
	costUsd: number | null;
};

/** Where each group's key comes from: a resource attribute Codex (or OTEL_RESOURCE_ATTRIBUTES) set. */
const RESOURCE_KEYS: Partial<Record<GroupBy, string>> = {team: 'team', project: 'project', env: 'env', service: 'service.name', host: 'host.name'};

/** The key of sessions that lack the grouping attribute. */
export const NO_GROUP = '(none)';

/**
 * Sums sessions, turns, tokens and cost per group. Grouping by model splits a session across the
 * models its turns used; every other grouping counts a session once, on the day it started.
 */
export function buildSpendReport(summaries: readonly SessionSummary[], groupBy: GroupBy, prices: PriceBook): ReportRow[] {
	const rows = new Map<string, ReportRow>();
	const add = (key: string, part: {sessions: number; turns: number; modelRequests: number; byModel: Record<string, TokenUsage>}) => {
		const row = rows.get(key) ?? {key, sessions: 0, turns: 0, modelRequests: 0, tokens: ZERO_USAGE, costUsd: 0};
		row.sessions += part.sessions;
		row.turns += part.turns;
		row.modelRequests += part.modelRequests;
		for (const usage of Object.values(part.byModel)) {
			row.tokens = addUsage(row.tokens, usage);
		}

		row.costUsd = addCosts(row.costUsd, costOfUsageByModel(part.byModel, prices));
		rows.set(key, row);
	};

	for (const summary of summaries) {
		const byModel = summary.usageByModel ?? {[summary.model || 'unknown']: summary.tokens};
		if (groupBy === 'model') {
			for (const [model, usage] of Object.entries(byModel)) {
				add(model, {sessions: 1, turns: summary.turnsByModel?.[model] ?? 0, modelRequests: 0, byModel: {[model]: usage}});
			}

			continue;
		}

		add(groupKey(summary, groupBy), {sessions: 1, turns: summary.turns, modelRequests: summary.modelRequests, byModel});
	}

	return [...rows.values()].sort((a, b) => (b.costUsd ?? Number.POSITIVE_INFINITY) - (a.costUsd ?? Number.POSITIVE_INFINITY) || b.tokens.total - a.tokens.total || a.key.localeCompare(b.key));
}

function groupKey(summary: SessionSummary, groupBy: GroupBy): string {
	if (groupBy === 'day') {
		return localDay(Date.parse(summary.startedAt));
	}

	const attribute = RESOURCE_KEYS[groupBy];
	const value = attribute === undefined ? undefined : summary.resource?.[attribute];
	return typeof value === 'string' && value !== '' ? value : (typeof value === 'number' || typeof value === 'boolean' ? String(value) : NO_GROUP);
}

export function totalRow(rows: readonly ReportRow[], sessions: number): ReportRow {
	let total: ReportRow = {key: 'total', sessions, turns: 0, modelRequests: 0, tokens: ZERO_USAGE, costUsd: 0};
	for (const row of rows) {
		total = {...total, turns: total.turns + row.turns, modelRequests: total.modelRequests + row.modelRequests, tokens: addUsage(total.tokens, row.tokens), costUsd: addCosts(total.costUsd, row.costUsd)};
	}

	return total;
}
