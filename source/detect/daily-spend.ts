import {localDay} from '../model/session-document.js';
import type {PriceBook} from '../model/price-book.js';
import {turnCostUsd} from '../model/session-cost.js';
import {turnUsage} from '../model/selectors.js';
import type {Session} from '../model/session.js';

export type Spend = {tokens: number; costUsd: number; sessions: number};

export type DailySpend = {
	/** Records what a session has spent on each day (by its turns' start), replacing its previous figures. */
	update(session: Session, scopes: readonly string[]): void;
	/** What every session seen spent on the day, for one scope (`all`, `team=payments`, …). */
	total(day: string, scope: string): Spend;
	/**
	 * What sessions already stored spent, by day (at start: a restart at noon keeps the morning's spend). A
	 * session seen again later replaces its seeded figures, as any update does.
	 */
	seed(conversationId: string, scopes: readonly string[], days: ReadonlyMap<string, {tokens: number; costUsd: number}>): void;
};

/**
 * Spend per calendar day across sessions, for daily budgets. Each session's contribution is replaced on
 * every update, so re-applying a session (a rebuild) never counts it twice. Unpriced turns add tokens, not cost.
 */
export function createDailySpend(prices: PriceBook): DailySpend {
	const bySession = new Map<string, {scopes: readonly string[]; days: Map<string, {tokens: number; costUsd: number}>}>();
	const totals = new Map<string, Spend>();
	const key = (day: string, scope: string) => `${day}\u0000${scope}`;
	const adjust = (day: string, scopes: readonly string[], tokens: number, costUsd: number, sessions: number) => {
		for (const scope of scopes) {
			const total = totals.get(key(day, scope)) ?? {tokens: 0, costUsd: 0, sessions: 0};
			totals.set(key(day, scope), {tokens: total.tokens + tokens, costUsd: total.costUsd + costUsd, sessions: total.sessions + sessions});
		}
	};

	return {
		update(session, scopes) {
			const days = new Map<string, {tokens: number; costUsd: number}>();
			for (const turn of session.turns) {
				const day = localDay(turn.startedAtMs);
				const spent = days.get(day) ?? {tokens: 0, costUsd: 0};
				days.set(day, {tokens: spent.tokens + turnUsage(turn).total, costUsd: spent.costUsd + (turnCostUsd(session, turn, prices) ?? 0)});
			}

			const previous = bySession.get(session.conversationId);
			for (const [day, spent] of previous?.days ?? []) {
				adjust(day, previous!.scopes, -spent.tokens, -spent.costUsd, -1);
			}

			for (const [day, spent] of days) {
				adjust(day, scopes, spent.tokens, spent.costUsd, 1);
			}

			bySession.set(session.conversationId, {scopes, days});
		},
		total: (day, scope) => totals.get(key(day, scope)) ?? {tokens: 0, costUsd: 0, sessions: 0},
		seed(conversationId, scopes, days) {
			if (bySession.has(conversationId)) {
				return;
			}

			for (const [day, spent] of days) {
				adjust(day, scopes, spent.tokens, spent.costUsd, 1);
			}

			bySession.set(conversationId, {scopes, days: new Map(days)});
		},
	};
}
