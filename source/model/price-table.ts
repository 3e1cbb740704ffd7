/** USD per million tokens. `cachedInput` is what a cached input token costs instead of `input`. */
export type Rates = {input: number; cachedInput: number; output: number};

/**
 * A model's standard rates, and where they differ: a request whose input is above `aboveInputTokens` is priced
 * whole at the long-context rates; the priority tier (Codex's fast mode) at its own.
 */
export type ModelPrice = Rates & {longContext?: Rates & {aboveInputTokens: number}; priority?: Rates};

/** Where a built-in price comes from and when it was read there. */
export type PriceSource = {source: string; checkedOn: string};

/** OpenAI's long-context threshold for the models that have one. */
export const LONG_CONTEXT_INPUT_TOKENS = 272_000;
const LONG = LONG_CONTEXT_INPUT_TOKENS;

/**
 * When the built-in table was last checked against OpenAI's published API prices (the standard tier;
 * long-context and priority rates where a model has them). Prices change: a `[prices]` section or
 * `--prices FILE` overrides any entry.
 */
export const PRICES_CHECKED_ON = '2026-09-13';

/** The models Codex runs on, by their API name. */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
	'gpt-6-astra': {input: 10, cachedInput: 1, output: 50},
	'gpt-5.6-sol': {input: 4, cachedInput: 0.4, output: 20, longContext: {aboveInputTokens: LONG, input: 8, cachedInput: 0.8, output: 30}, priority: {input: 8, cachedInput: 0.8, output: 40}},
	'gpt-5.6-terra': {input: 2, cachedInput: 0.2, output: 12, longContext: {aboveInputTokens: LONG, input: 4, cachedInput: 0.4, output: 18}, priority: {input: 4, cachedInput: 0.4, output: 24}},
	'gpt-5.6-luna': {input: 0.2, cachedInput: 0.02, output: 1.2, longContext: {aboveInputTokens: LONG, input: 0.4, cachedInput: 0.04, output: 1.8}, priority: {input: 0.4, cachedInput: 0.04, output: 2.4}},
	'gpt-5.5': {input: 5, cachedInput: 0.5, output: 30, priority: {input: 10, cachedInput: 1, output: 60}},
	'gpt-5.4': {input: 2.5, cachedInput: 0.25, output: 15, longContext: {aboveInputTokens: LONG, input: 5, cachedInput: 0.5, output: 22.5}, priority: {input: 5, cachedInput: 0.5, output: 30}},
	'gpt-5.4-mini': {input: 0.75, cachedInput: 0.075, output: 4.5},
	'gpt-5.4-nano': {input: 0.2, cachedInput: 0.02, output: 1.25},
	'gpt-5.3-codex': {input: 1.75, cachedInput: 0.175, output: 14},
	'gpt-5.2': {input: 1.75, cachedInput: 0.175, output: 14},
	'gpt-5.2-codex': {input: 1.75, cachedInput: 0.175, output: 14},
	'gpt-5.1': {input: 1.25, cachedInput: 0.125, output: 10},
	'gpt-5.1-codex': {input: 1.25, cachedInput: 0.125, output: 10},
	'gpt-5.1-codex-max': {input: 1.25, cachedInput: 0.125, output: 10},
	'gpt-5.1-codex-mini': {input: 0.25, cachedInput: 0.025, output: 2},
	'gpt-5': {input: 1.25, cachedInput: 0.125, output: 10},
	'gpt-5-codex': {input: 1.25, cachedInput: 0.125, output: 10},
	'gpt-5-mini': {input: 0.25, cachedInput: 0.025, output: 2},
	'gpt-5-nano': {input: 0.05, cachedInput: 0.005, output: 0.4},
	'codex-mini-latest': {input: 1.5, cachedInput: 0.375, output: 6},
	'o3': {input: 2, cachedInput: 0.5, output: 8},
	'o4-mini': {input: 1.1, cachedInput: 0.275, output: 4.4},
	'gpt-4.1': {input: 2, cachedInput: 0.5, output: 8},
	'gpt-4.1-mini': {input: 0.4, cachedInput: 0.1, output: 1.6},
	'gpt-4o': {input: 2.5, cachedInput: 1.25, output: 10},
});

const PRICING_PAGE = 'https://developers.openai.com/api/docs/pricing';

/** The source and date of each built-in price (the rest: PRICES_CHECKED_ON, the same page). */
export const PRICE_SOURCES: Readonly<Record<string, PriceSource>> = Object.freeze({
	'gpt-6-astra': {source: PRICING_PAGE, checkedOn: '2026-09-13'},
	'gpt-5.6-sol': {source: `${PRICING_PAGE}; long context above 272k input, priority tier at 2x`, checkedOn: '2026-09-13'},
	'gpt-5.6-terra': {source: `${PRICING_PAGE}; long context above 272k input, priority tier at 2x`, checkedOn: '2026-09-13'},
	'gpt-5.6-luna': {source: `${PRICING_PAGE}; long context above 272k input, priority tier at 2x`, checkedOn: '2026-09-13'},
	'gpt-5.5': {source: `${PRICING_PAGE}; priority tier at 2x`, checkedOn: '2026-09-13'},
	'gpt-5.4': {source: `${PRICING_PAGE}; long context above 272k input (input and cached x2, output x1.5), priority tier at 2x`, checkedOn: '2026-09-13'},
});

/** Where a built-in price comes from. */
export function priceSourceOf(model: string): PriceSource | undefined {
	return PRICE_SOURCES[model] ?? (model in BUILTIN_PRICES ? {source: PRICING_PAGE, checkedOn: PRICES_CHECKED_ON} : undefined);
}

/** Other names Codex and its users give the same models. */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = Object.freeze({
	// OpenAI documents the unsuffixed name as GPT-5.6 Sol.
	'gpt-5.6': 'gpt-5.6-sol',
	// The ChatGPT plans' reserve pool ("Luna Reserve"), served by GPT-5.6 Luna; it has no API price of its own.
	'gpt-reserve': 'gpt-5.6-luna',
	'codex-mini': 'codex-mini-latest',
	'gpt-5-codex-mini': 'gpt-5.1-codex-mini',
	'gpt-5.3': 'gpt-5.3-codex',
	'gpt-5-chat-latest': 'gpt-5',
	'gpt-5.1-chat-latest': 'gpt-5.1',
	'gpt-5.2-chat-latest': 'gpt-5.2',
});
