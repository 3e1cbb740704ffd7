import type {OtlpInt64} from './types.js';

/** Nanoseconds since the epoch (Long, string or number) as fractional milliseconds; 0 when absent. */
export function nanosToMs(value: OtlpInt64): number {
	if (value === null || value === undefined) {
		return 0;
	}

	if (typeof value === 'number') {
		return Number.isFinite(value) ? value / 1e6 : 0;
	}

	if (typeof value === 'string') {
		const number = Number(value);
		return Number.isFinite(number) ? number / 1e6 : 0;
	}

	if (typeof value === 'object' && typeof value.low === 'number' && typeof value.high === 'number') {
		return ((value.high >>> 0) * 4_294_967_296 + (value.low >>> 0)) / 1e6;
	}

	return 0;
}
