/**
 * Token usage of one model request, a turn or a session.
 * `cached` is a subset of `input` and `reasoning` a subset of `output`; `total` = input + output.
 * The buckets are never added together.
 */
export type TokenUsage = {
	input: number;
	cached: number;
	output: number;
	reasoning: number;
	total: number;
};

export const ZERO_USAGE: TokenUsage = Object.freeze({input: 0, cached: 0, output: 0, reasoning: 0, total: 0});

/** Builds a usage record from raw counts, clamping the subsets into their parents. */
export function makeUsage(raw: {input?: number; cached?: number; output?: number; reasoning?: number}): TokenUsage {
	const input = Math.max(0, raw.input ?? 0);
	const output = Math.max(0, raw.output ?? 0);
	return {
		input,
		cached: Math.min(Math.max(0, raw.cached ?? 0), input),
		output,
		reasoning: Math.min(Math.max(0, raw.reasoning ?? 0), output),
		total: input + output,
	};
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
	return {
		input: a.input + b.input,
		cached: a.cached + b.cached,
		output: a.output + b.output,
		reasoning: a.reasoning + b.reasoning,
		total: a.total + b.total,
	};
}

export function isZeroUsage(usage: TokenUsage): boolean {
	return usage.input === 0 && usage.output === 0;
}
