import {describe, expect, test} from 'vitest';
import {createPriceBook} from '../../source/model/price-book.js';
import {BUILTIN_PRICES, priceSourceOf} from '../../source/model/price-table.js';
import {makeUsage} from '../../source/model/tokens.js';
import {costOfUsage} from '../../source/model/usage-cost.js';

const prices = createPriceBook();

describe('current prices', () => {
	test('a request over 272k input to gpt-5.4 is priced whole at the long-context rate', () => {
		const gpt54 = prices.lookup('gpt-5.4')!;
		// 400k in, 10k out: $1.15 at the flat rate, $2.225 at the long-context one (input x2, output x1.5).
		expect(costOfUsage(makeUsage({input: 400_000, cached: 0, output: 10_000}), gpt54)).toBeCloseTo(2.225, 10);
		expect(costOfUsage(makeUsage({input: 272_000, cached: 0, output: 10_000}), gpt54)).toBeCloseTo((272_000 * 2.5 + 10_000 * 15) / 1e6, 10);
		// Two requests of 200k are two requests under the threshold, not one over it.
		const half = makeUsage({input: 200_000, cached: 0, output: 5000});
		expect(costOfUsage(half, gpt54) * 2).toBeCloseTo(1.15, 10);
	});

	test('the priority tier (fast mode) is priced at its own rates', () => {
		const usage = makeUsage({input: 100_000, cached: 40_000, output: 2000});
		const sol = prices.lookup('gpt-5.6-sol')!;
		expect(costOfUsage(usage, sol, {tier: 'priority'})).toBeCloseTo(2 * costOfUsage(usage, sol), 10);
		expect(costOfUsage(usage, sol, {tier: 'fast'})).toBeCloseTo(2 * costOfUsage(usage, sol), 10);
		expect(costOfUsage(usage, sol, {tier: 'default'})).toBeCloseTo(costOfUsage(usage, sol), 10);
	});

	test('the gpt-5.6 family and gpt-reserve are known, each with a source and date; an unknown model stays unknown', () => {
		for (const model of ['gpt-5.6-sol', 'gpt-5.6-terra', 'gpt-5.6-luna', 'gpt-5.6', 'gpt-reserve', 'gpt-6-astra']) {
			expect(prices.lookup(model), model).toBeDefined();
		}

		for (const model of Object.keys(BUILTIN_PRICES)) {
			expect(priceSourceOf(model)?.checkedOn, model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}

		expect(prices.lookup('gpt-6-nova')).toBeUndefined();
	});
});
