import type {OtlpAnyValue, OtlpInt64, OtlpKeyValue} from './types.js';

export type AttributeValue = string | number | boolean | null | AttributeValue[] | {[key: string]: AttributeValue};
export type Attributes = Record<string, AttributeValue>;

/** Nesting beyond this is flattened to null: a hostile body must not blow the stack. */
const MAX_DEPTH = 16;

/**
 * Turns an OTLP KeyValue list into a plain object. Duplicate keys are legal in OTLP;
 * @NOTE codex 0.169.0 sends `aborted` false then true, and `thread.id` int then the conversation id,
 * on one span: the later value is the recorded update, so the last one wins.
 */
export function toAttributes(list: OtlpKeyValue[] | null | undefined, depth = 0): Attributes {
	const result: Attributes = {};
	if (!Array.isArray(list)) {
		return result;
	}

	for (const item of list) {
		if (item && typeof item.key === 'string') {
			result[item.key] = toAttributeValue(item.value, depth);
		}
	}

	return result;
}

/**
 * @NOTE protobufjs puts proto3 defaults on the message prototype (`stringValue` reads "" on an
 * int value), so only own properties tell which member of the `value` oneof is set.
 */
export function hasOwnValue(object: object, key: string): boolean {
	return Object.hasOwn(object, key) && (object as Record<string, unknown>)[key] !== null && (object as Record<string, unknown>)[key] !== undefined;
}

export function toAttributeValue(value: OtlpAnyValue | null | undefined, depth = 0): AttributeValue {
	if (!value || typeof value !== 'object' || depth > MAX_DEPTH) {
		return null;
	}

	if (hasOwnValue(value, 'stringValue')) {
		return String(value.stringValue);
	}

	if (hasOwnValue(value, 'intValue')) {
		return int64ToValue(value.intValue);
	}

	if (hasOwnValue(value, 'boolValue')) {
		return value.boolValue === true || (value.boolValue as unknown) === 'true';
	}

	if (hasOwnValue(value, 'doubleValue')) {
		return Number(value.doubleValue);
	}

	if (hasOwnValue(value, 'arrayValue')) {
		const values = Array.isArray(value.arrayValue?.values) ? value.arrayValue.values : [];
		return values.map(item => toAttributeValue(item, depth + 1));
	}

	if (hasOwnValue(value, 'kvlistValue')) {
		return toAttributes(value.kvlistValue?.values, depth + 1);
	}

	if (hasOwnValue(value, 'bytesValue')) {
		return typeof value.bytesValue === 'string' ? value.bytesValue : Buffer.from(value.bytesValue!).toString('base64');
	}

	return null;
}

/** An int64 as a number when it is safe, else as its decimal string. */
export function int64ToValue(value: OtlpInt64): number | string | null {
	if (value === null || value === undefined) {
		return null;
	}

	if (typeof value === 'number') {
		return value;
	}

	if (typeof value === 'string') {
		const number = Number(value);
		return Number.isSafeInteger(number) ? number : value;
	}

	if (typeof value === 'object' && typeof value.low === 'number' && typeof value.high === 'number') {
		const big = (BigInt(value.unsigned ? value.high >>> 0 : value.high) << 32n) | BigInt(value.low >>> 0);
		const number = Number(big);
		return Number.isSafeInteger(number) ? number : big.toString();
	}

	return null;
}
