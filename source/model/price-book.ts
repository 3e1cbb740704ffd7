import {BUILTIN_ALIASES, BUILTIN_PRICES, PRICES_CHECKED_ON, type ModelPrice} from './price-table.js';

export type PriceOverrides = {prices?: Record<string, ModelPrice>; aliases?: Record<string, string>};

/** Looks up a model's price: exactly, then by known aliases; unknown models stay unknown. */
export type PriceBook = {
	lookup(model: string): ModelPrice | undefined;
	/** The table entry a model name resolved to, or undefined. */
	resolve(model: string): string | undefined;
	checkedOn: string;
	/** True when a user file changed the built-in table. */
	hasOverrides: boolean;
	/** Where each priced model's rates come from, for `codexmon prices`. */
	entries(): Array<{model: string; price: ModelPrice; origin: PriceOrigin}>;
};

export type PriceOrigin = 'built-in' | 'price list' | 'override';

/** A fetched price list (`codexmon prices update`): newer than the built-in table, below the user's own overrides. */
export type FetchedPrices = {prices: Record<string, ModelPrice>; fetchedOn: string};

/** A dated snapshot suffix (`gpt-5-codex-2025-09-15`) names the same model as its base. */
const DATE_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

export function createPriceBook(overrides: PriceOverrides = {}, fetched?: FetchedPrices): PriceBook {
	const prices = new Map<string, ModelPrice>();
	const origins = new Map<string, PriceOrigin>();
	const add = (entries: Record<string, ModelPrice>, origin: PriceOrigin) => {
		for (const [name, price] of Object.entries(entries)) {
			prices.set(name.toLowerCase(), price);
			origins.set(name.toLowerCase(), origin);
		}
	};

	add(BUILTIN_PRICES, 'built-in');
	add(fetched?.prices ?? {}, 'price list');
	add(overrides.prices ?? {}, 'override');

	const aliases = new Map<string, string>(Object.entries(BUILTIN_ALIASES));
	for (const [alias, target] of Object.entries(overrides.aliases ?? {})) {
		aliases.set(alias.toLowerCase(), target.toLowerCase());
	}

	const resolve = (model: string): string | undefined => {
		const exact = model.trim();
		if (prices.has(exact)) {
			return exact;
		}

		const candidates = new Set<string>();
		const lower = exact.toLowerCase();
		candidates.add(lower);
		// A provider prefix (`openai/gpt-5.1-codex`, `azure/…`) names the same model.
		const unprefixed = lower.includes('/') ? lower.slice(lower.lastIndexOf('/') + 1) : lower;
		candidates.add(unprefixed);
		candidates.add(unprefixed.replace(DATE_SUFFIX, ''));
		for (const candidate of candidates) {
			if (prices.has(candidate)) {
				return candidate;
			}

			const target = aliases.get(candidate);
			if (target && prices.has(target)) {
				return target;
			}
		}

		return undefined;
	};

	return {
		lookup(model) {
			const name = resolve(model);
			return name === undefined ? undefined : prices.get(name);
		},
		resolve,
		checkedOn: fetched?.fetchedOn ?? PRICES_CHECKED_ON,
		entries: () => [...prices].map(([model, price]) => ({model, price, origin: origins.get(model)!})).sort((a, b) => a.model.localeCompare(b.model)),
		hasOverrides: Object.keys(overrides.prices ?? {}).length + Object.keys(overrides.aliases ?? {}).length > 0,
	};
}
