import type {PriceBook} from './price-book.js';
import type {SessionSummary} from './session-summary.js';
import type {SpendBucket} from './spend-buckets.js';
import {localDay} from './session-document.js';
import {addUsage, makeUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';
import {addCosts, costAtRates} from './usage-cost.js';

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
 * Sums sessions, turns, model requests, tokens and cost per group, counting each model request on the day (and
 * hour, for `sinceMs`) it was made: a session resumed days later spends on those days, and a period keeps the
 * requests made in it. Grouping by model or day splits a session across its models or days; a session counts
 * once per group it spent in. Summaries written before spend was kept count whole, at their start.
 */
export function buildSpendReport(summaries: readonly SessionSummary[], groupBy: GroupBy, prices: PriceBook, sinceMs = Number.NEGATIVE_INFINITY): ReportRow[] {
	const rows = new Map<string, ReportRow & {members: Set<string>}>();
	const add = (key: string, conversationId: string, bucket: SpendBucket) => {
		const row = rows.get(key) ?? {key, sessions: 0, turns: 0, modelRequests: 0, tokens: ZERO_USAGE, costUsd: 0, members: new Set()};
		row.members.add(conversationId);
		row.turns += bucket.turns;
		row.modelRequests += bucket.requests;
		row.tokens = addUsage(row.tokens, bucket.usage);
		row.costUsd = addCosts(row.costUsd, bucketCostUsd(bucket, prices));
		rows.set(key, row);
	};

	const hourOfSince = Math.floor(sinceMs / HOUR_MS) * HOUR_MS;
	for (const summary of summaries) {
		for (const bucket of bucketsOf(summary)) {
			if (bucket.hourMs < hourOfSince) {
				continue;
			}

			const key = groupBy === 'model' ? bucket.model : (groupBy === 'day' ? bucket.day : groupKey(summary, groupBy));
			add(key, summary.conversationId, bucket);
		}
	}

	const result = [...rows.values()].map(({members, ...row}) => ({...row, sessions: members.size, costUsd: roundUsd(row.costUsd)}));
	return groupBy === 'day'
		? result.sort((a, b) => a.key.localeCompare(b.key))
		: result.sort((a, b) => (b.costUsd ?? Number.POSITIVE_INFINITY) - (a.costUsd ?? Number.POSITIVE_INFINITY) || b.tokens.total - a.tokens.total || a.key.localeCompare(b.key));
}

const HOUR_MS = 3_600_000;

/** A bucket priced with today's table: its long-context requests at those rates where the model has them. */
function bucketCostUsd(bucket: SpendBucket, prices: PriceBook): number | null {
	if (bucket.usage.input === 0 && bucket.usage.output === 0) {
		return 0;
	}

	const price = prices.lookup(bucket.model);
	if (!price) {
		return null;
	}

	const long = bucket.longUsage;
	if (!long || !price.longContext) {
		return costAtRates(bucket.usage, price);
	}

	const standard = makeUsage({input: bucket.usage.input - long.input, cached: bucket.usage.cached - long.cached, output: bucket.usage.output - long.output, reasoning: bucket.usage.reasoning - long.reasoning});
	return costAtRates(standard, price) + costAtRates(long, price.longContext);
}

/** Costs to the micro-dollar: no float noise (0.014127999999999998), and a total that is the sum of its rows. */
export function roundUsd(value: number | null): number | null {
	return value === null ? null : Math.round(value * 1e6) / 1e6;
}

/** Distinct sessions that spent in the period (for the total row). */
export function sessionsInPeriod(summaries: readonly SessionSummary[], sinceMs: number): number {
	const hourOfSince = Math.floor(sinceMs / HOUR_MS) * HOUR_MS;
	return summaries.filter(summary => bucketsOf(summary).some(bucket => bucket.hourMs >= hourOfSince)).length;
}

function bucketsOf(summary: SessionSummary): SpendBucket[] {
	if (summary.spend) {
		return summary.spend;
	}

	const startedMs = Date.parse(summary.startedAt);
	const hourMs = Math.floor(startedMs / HOUR_MS) * HOUR_MS;
	const byModel = summary.usageByModel ?? {[summary.model || 'unknown']: summary.tokens};
	const models = Object.keys(byModel);
	return models.map((model, index) => ({hourMs, day: localDay(startedMs), model, usage: byModel[model]!, turns: summary.turnsByModel?.[model] ?? (index === 0 ? summary.turns : 0), requests: index === 0 ? summary.modelRequests : 0}));
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

	return {...total, costUsd: roundUsd(total.costUsd)};
}
