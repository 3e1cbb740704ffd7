import type {TokenUsage} from './tokens.js';
import type {ModelPrice, Rates} from './price-table.js';

const TOKENS_PER_PRICE_UNIT = 1_000_000;

/**
 * What one model request cost: uncached input at the input price, cached input at the cached price,
 * output at the output price. Reasoning tokens are part of output and are not billed again. Price one
 * request at a time: the long-context rate depends on that request's input.
 */
export function costOfUsage(usage: TokenUsage, price: ModelPrice, options: {tier?: string} = {}): number {
	return costAtRates(usage, ratesFor(usage, price, options.tier));
}

/** The rates one request is priced at: long-context when its input is over the threshold, priority for that tier. */
export function ratesFor(usage: TokenUsage, price: ModelPrice, tier?: string): Rates {
	if (price.longContext && usage.input > price.longContext.aboveInputTokens) {
		return price.longContext;
	}

	return (tier === 'priority' || tier === 'fast') && price.priority ? price.priority : price;
}

export function costAtRates(usage: TokenUsage, rates: Rates): number {
	const cached = Math.min(usage.cached, usage.input);
	return ((usage.input - cached) * rates.input + cached * rates.cachedInput + usage.output * rates.output) / TOKENS_PER_PRICE_UNIT;
}

/** Sums costs where any unknown part makes the whole unknown (never a silent $0). */
export function addCosts(a: number | null, b: number | null): number | null {
	return a === null || b === null ? null : a + b;
}
