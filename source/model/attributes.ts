import type {Attributes, AttributeValue} from '../otlp/any-value.js';

/**
 * Lenient readers for Codex attributes. Codex sends numbers as strings or ints
 * (`input_token_count: "1000"`, `cached_token_count: 640`) and booleans as strings
 * (`success: "true"`); every reader accepts all of these and never throws.
 */
export function readString(attributes: Attributes, key: string): string | undefined {
	const value = attributes[key];
	if (typeof value === 'string') {
		return value;
	}

	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}

	return undefined;
}

export function readNumber(attributes: Attributes, key: string): number | undefined {
	return toNumber(attributes[key]);
}

/** A count: a non-negative integer, or undefined when absent or unreadable. */
export function readCount(attributes: Attributes, key: string): number | undefined {
	const value = toNumber(attributes[key]);
	return value === undefined ? undefined : Math.max(0, Math.round(value));
}

export function readBoolean(attributes: Attributes, key: string): boolean | undefined {
	const value = attributes[key];
	if (typeof value === 'boolean') {
		return value;
	}

	if (typeof value === 'string') {
		const lower = value.trim().toLowerCase();
		if (lower === 'true' || lower === '1') {
			return true;
		}

		if (lower === 'false' || lower === '0') {
			return false;
		}
	}

	if (typeof value === 'number') {
		return value !== 0;
	}

	return undefined;
}

function toNumber(value: AttributeValue | undefined): number | undefined {
	if (typeof value === 'number') {
		return Number.isFinite(value) ? value : undefined;
	}

	if (typeof value === 'string' && value.trim() !== '') {
		const number = Number(value);
		return Number.isFinite(number) ? number : undefined;
	}

	return undefined;
}

/** An RFC 3339 timestamp as epoch milliseconds, or undefined. */
export function readTimestampMs(attributes: Attributes, key: string): number | undefined {
	const value = attributes[key];
	if (typeof value !== 'string') {
		return undefined;
	}

	const ms = Date.parse(value);
	return Number.isFinite(ms) ? ms : undefined;
}
