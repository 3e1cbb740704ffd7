import type {ModelPrice, Rates} from './price-table.js';

/** LiteLLM's public list of model prices (USD per token), the one most usage tools read. */
export const LITELLM_PRICES_URL = 'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';

const PER_MILLION = 1_000_000;
const LONG_CONTEXT = /^input_cost_per_token_above_(\d+)k_tokens$/;

type Entry = Record<string, unknown>;

/**
 * The OpenAI models of a LiteLLM price list, in codexmon's terms (USD per million tokens): the standard rates,
 * the long-context rates (`…_above_272k_tokens`) and the priority tier (`…_priority`, Codex's fast mode) where
 * the list has them. Entries without both an input and an output price are left out, never priced $0.
 */
export function pricesFromLiteLlm(list: unknown): Record<string, ModelPrice> {
	if (typeof list !== 'object' || list === null || Array.isArray(list)) {
		throw new TypeError('not a LiteLLM price list (a JSON object of models)');
	}

	const prices: Record<string, ModelPrice> = {};
	for (const [key, value] of Object.entries(list as Record<string, unknown>)) {
		if (typeof value !== 'object' || value === null || (value as Entry).litellm_provider !== 'openai') {
			continue;
		}

		const name = key.startsWith('openai/') ? key.slice('openai/'.length) : key;
		const price = modelPrice(value as Entry);
		if (price && !name.includes('/') && !(name in prices && key.startsWith('openai/'))) {
			prices[name.toLowerCase()] = price;
		}
	}

	return prices;
}

function modelPrice(entry: Entry): ModelPrice | undefined {
	const standard = rates(entry, '');
	if (!standard) {
		return undefined;
	}

	const price: ModelPrice = {...standard};
	const above = Object.keys(entry).map(field => LONG_CONTEXT.exec(field)).find(match => match !== null);
	const longContext = above ? rates(entry, `_above_${above[1]}k_tokens`) : undefined;
	if (above && longContext) {
		price.longContext = {...longContext, aboveInputTokens: Number(above[1]) * 1000};
	}

	const priority = rates(entry, '_priority');
	if (priority) {
		price.priority = priority;
	}

	return price;
}

/** One set of rates by its field suffix; a missing cached rate is the input rate (no discount), as LiteLLM means it. */
function rates(entry: Entry, suffix: string): Rates | undefined {
	const input = perMillion(entry[`input_cost_per_token${suffix}`]);
	const output = perMillion(entry[`output_cost_per_token${suffix}`]);
	if (input === undefined || output === undefined) {
		return undefined;
	}

	const cachedInput = perMillion(entry[`cache_read_input_token_cost${suffix}`]) ?? input;
	return {input, cachedInput, output};
}

/** Per token → per million, rounded off the float noise of the product (2.5e-6 × 1e6 = 2.4999999999999996). */
function perMillion(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Number((value * PER_MILLION).toPrecision(12)) : undefined;
}
