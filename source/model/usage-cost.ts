import type {TokenUsage} from './tokens.js';
import type {ModelPrice} from './price-table.js';

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * What one model request cost: uncached input at the input price, cached input at the cached price,
 * output at the output price. Reasoning tokens are part of output and are not billed again.
 */
export function costOfUsage(usage: TokenUsage, price: ModelPrice): number {
	const cached = Math.min(usage.cached, usage.input);
	return ((usage.input - cached) * price.input + cached * price.cachedInput + usage.output * price.output) / TOKENS_PER_PRICE_UNIT;
}

/** Sums costs where any unknown part makes the whole unknown (never a silent $0). */
export function addCosts(a: number | null, b: number | null): number | null {
	return a === null || b === null ? null : a + b;
}
