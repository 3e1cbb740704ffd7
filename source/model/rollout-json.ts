import {makeUsage, type TokenUsage} from './tokens.js';

/*
 * Reading a rollout line's JSON: every reader takes what it is given and answers undefined (or an empty value)
 * for anything of another shape, so no line is ever fatal.
 */

export type Json = Record<string, unknown>;

/** One line of a rollout file: `{timestamp, type, payload}`. */
export type RolloutRecord = {atMs: number; type: string; payload: Json};

/** A line as a record, or the reason it is not one (counted as skipped). */
export function parseLine(line: string): RolloutRecord | string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch {
		return 'malformed JSON';
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return 'not a record';
	}

	const {type, payload, timestamp} = parsed as Json;
	if (typeof type !== 'string' || typeof payload !== 'object' || payload === null) {
		return 'no type or payload';
	}

	const atMs = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
	if (!Number.isFinite(atMs)) {
		return 'no timestamp';
	}

	return {atMs, type, payload: payload as Json};
}

export function isBlank(bytes: Buffer, start: number, end: number): boolean {
	for (let index = start; index < end; index++) {
		const byte = bytes[index]!;
		if (byte !== 32 && byte !== 9 && byte !== 13) {
			return false;
		}
	}

	return true;
}

export function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A nested value of a record, or undefined where any step is missing. */
export function field(record: Json, ...path: string[]): unknown {
	let value: unknown = record;
	for (const key of path) {
		value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
	}

	return value;
}

export function numberOf(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function usageOf(value: unknown): TokenUsage | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const raw = value as Json;
	return makeUsage({input: numberOf(raw.input_tokens), cached: numberOf(raw.cached_input_tokens), output: numberOf(raw.output_tokens), reasoning: numberOf(raw.reasoning_output_tokens)});
}

/** Text of a message's content parts (`text`, `input_text`, `output_text`). */
export function textOf(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}

	if (!Array.isArray(content)) {
		return '';
	}

	return content.map(part => stringOf((part as Json | undefined)?.text) ?? '').join('');
}
