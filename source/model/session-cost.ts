import type {PriceBook} from './price-book.js';
import type {ModelRequest, Session, Turn} from './session.js';
import {turnUsage} from './selectors.js';
import {addUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';
import {addCosts, costOfUsage} from './usage-cost.js';

/** A model name for pricing: the turn's, else the session's. */
export function turnModel(session: Session, turn: Turn): string {
	return turn.model || session.model;
}

export function requestCostUsd(session: Session, turn: Turn, request: ModelRequest, prices: PriceBook): number | null {
	if (!request.usage) {
		return 0;
	}

	const price = prices.lookup(turnModel(session, turn));
	return price ? costOfUsage(request.usage, price) : null;
}

/**
 * The turn's cost from the same tokens `turnUsage` counts, each request priced on its own (a long-context
 * rate depends on one request's input); null when its model has no known price.
 */
export function turnCostUsd(session: Session, turn: Turn, prices: PriceBook): number | null {
	const usage = turnUsage(turn);
	if (usage.input === 0 && usage.output === 0) {
		return 0;
	}

	const price = prices.lookup(turnModel(session, turn));
	if (!price) {
		return null;
	}

	const parts = turn.modelRequests.flatMap(request => request.usage ? [request.usage] : []);
	return parts.length === 0 ? costOfUsage(usage, price) : parts.reduce((sum, part) => sum + costOfUsage(part, price), 0);
}

export function sessionCostUsd(session: Session, prices: PriceBook): number | null {
	let total: number | null = 0;
	for (const turn of session.turns) {
		total = addCosts(total, turnCostUsd(session, turn, prices));
	}

	return total;
}

/** Tokens per model, so a total can be priced again when the price table changes. */
export function usageByModel(session: Session): Record<string, TokenUsage> {
	const result: Record<string, TokenUsage> = {};
	for (const turn of session.turns) {
		const model = turnModel(session, turn) || 'unknown';
		result[model] = addUsage(result[model] ?? ZERO_USAGE, turnUsage(turn));
	}

	return result;
}

/**
 * The tolerance: Codex's own estimate and ours disagree when they differ by more than a quarter of the larger
 * and by more than a hundredth of a cent. A turn costs fractions of a cent, so the floor must be that small:
 * a cent would hide a 6x difference on every real turn.
 */
export const DISAGREEMENT_RATIO = 0.25;
export const DISAGREEMENT_FLOOR_USD = 0.0001;

export function costsDisagree(ours: number | null, codex: number | null): boolean {
	if (ours === null || codex === null) {
		return false;
	}

	const difference = Math.abs(ours - codex);
	return difference > DISAGREEMENT_FLOOR_USD && difference > DISAGREEMENT_RATIO * Math.max(ours, codex);
}

/** Prices per-model token totals again, with today's table. */
export function costOfUsageByModel(byModel: Record<string, TokenUsage>, prices: PriceBook): number | null {
	let total: number | null = 0;
	for (const [model, usage] of Object.entries(byModel)) {
		if (usage.input === 0 && usage.output === 0) {
			continue;
		}

		const price = prices.lookup(model);
		total = addCosts(total, price ? costOfUsage(usage, price) : null);
	}

	return total;
}

/** Turns per model, for reports grouped by model. */
export function turnsByModel(session: Session): Record<string, number> {
	const result: Record<string, number> = {};
	for (const turn of session.turns) {
		const model = turnModel(session, turn) || 'unknown';
		result[model] = (result[model] ?? 0) + 1;
	}

	return result;
}
