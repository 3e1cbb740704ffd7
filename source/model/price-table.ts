/** USD per million tokens. `cachedInput` is what a cached input token costs instead of `input`. */
export type ModelPrice = {input: number; cachedInput: number; output: number};

/**
 * When the built-in table was last checked against OpenAI's published API prices (standard tier,
 * context under 270k). Prices change: a `[prices]` section or `--prices FILE` overrides any entry.
 */
export const PRICES_CHECKED_ON = '2026-05-13';

/** The models Codex runs on, by their API name. */
export const BUILTIN_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
	'gpt-5.5': {input: 5, cachedInput: 0.5, output: 30},
	'gpt-5.4': {input: 2.5, cachedInput: 0.25, output: 15},
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

/** Other names Codex and its users give the same models. */
export const BUILTIN_ALIASES: Readonly<Record<string, string>> = Object.freeze({
	'codex-mini': 'codex-mini-latest',
	'gpt-5-codex-mini': 'gpt-5.1-codex-mini',
	'gpt-5.3': 'gpt-5.3-codex',
	'gpt-5-chat-latest': 'gpt-5',
	'gpt-5.1-chat-latest': 'gpt-5.1',
	'gpt-5.2-chat-latest': 'gpt-5.2',
});
