import type {PriceBook} from '../model/price-book.js';
import type {SessionSummary} from '../model/session-summary.js';
import {costOfUsage} from '../model/usage-cost.js';
import {groupBudgetsOf, scopeName} from './budget-scopes.js';
import type {DailySpend} from './daily-spend.js';
import type {Thresholds} from './thresholds.js';

/**
 * Seeds the daily budgets with what stored sessions spent, request by request on their own day (the
 * summaries' spend buckets), so a restart does not reset the day. Unpriced spend adds tokens, not cost.
 */
export function seedDailySpend(spend: DailySpend, summaries: readonly SessionSummary[], thresholds: Thresholds, prices: PriceBook): void {
	for (const summary of summaries) {
		if (summary.kind === 'title' || !summary.spend) {
			continue;
		}

		const days = new Map<string, {tokens: number; costUsd: number}>();
		for (const bucket of summary.spend) {
			const price = prices.lookup(bucket.model);
			const spent = days.get(bucket.day) ?? {tokens: 0, costUsd: 0};
			days.set(bucket.day, {tokens: spent.tokens + bucket.usage.total, costUsd: spent.costUsd + (price ? costOfUsage(bucket.usage, price) : 0)});
		}

		if (days.size > 0) {
			spend.seed(summary.conversationId, ['all', ...groupBudgetsOf(summary, thresholds.groupBudgets).map(group => scopeName(group))], days);
		}
	}
}
