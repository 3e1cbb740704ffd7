import protobuf from 'protobufjs';
import {MAX_MESSAGES_PER_REQUEST} from './check-protobuf.js';
import {DecodeError, TooManyItemsError} from './decode-errors.js';

const OPEN_BRACE = 0x7B;
const QUOTE = 0x22;
const BACKSLASH = 0x5C;

/**
 * Counts the objects of a JSON body before it is parsed (outside strings, so a prompt full of braces
 * counts nothing): JSON.parse of `[{},{},…]` would otherwise build millions of objects first.
 */
export function checkJsonSize(body: Uint8Array): void {
	let objects = 0;
	let inString = false;
	for (let index = 0; index < body.length; index++) {
		const byte = body[index]!;
		if (inString) {
			if (byte === BACKSLASH) {
				index++;
			} else if (byte === QUOTE) {
				inString = false;
			}
		} else if (byte === QUOTE) {
			inString = true;
		} else if (byte === OPEN_BRACE && ++objects > MAX_MESSAGES_PER_REQUEST + 1) {
			throw new TooManyItemsError(`request holds more than ${MAX_MESSAGES_PER_REQUEST} records, attributes and values; send smaller batches`);
		}
	}
}

const UINT64_MAX = 18_446_744_073_709_551_615n;
const INT64_MIN = -9_223_372_036_854_775_808n;
const INT64_MAX = 9_223_372_036_854_775_807n;
const INTEGER = /^-?\d{1,20}$/;
const HEX = /^[\da-f]*$/i;
/** OTLP/JSON writes these ids as hex, not base64: 16 bytes for a trace, 8 for a span. */
const HEX_IDS: Record<string, number> = {traceId: 32, spanId: 16, parentSpanId: 16};
const MAX_DEPTH = 64;

/**
 * Checks a parsed OTLP/JSON request against the schema, as the OpenTelemetry Collector does: lists are
 * arrays, messages objects, strings strings, 64-bit integers (times included) integers in range, ids
 * hex. Unknown keys are ignored. Throws a DecodeError naming the first wrong field.
 */
export function checkJson(type: protobuf.Type, value: unknown): void {
	checkMessage(type, value, type.name, 0);
}

function checkMessage(type: protobuf.Type, value: unknown, where: string, depth: number): void {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		throw new DecodeError(`${where} must be an object`);
	}

	if (depth > MAX_DEPTH) {
		throw new DecodeError(`${where} is nested more than ${MAX_DEPTH} levels deep`);
	}

	for (const key in value) {
		const field = Object.hasOwn(type.fields, key) ? type.fields[key] : undefined;
		const item = (value as Record<string, unknown>)[key];
		if (field === undefined || item === null || item === undefined) {
			continue;
		}

		if (field.repeated) {
			if (!Array.isArray(item)) {
				throw new DecodeError(`${where}.${key} must be an array`);
			}

			for (const [index, element] of item.entries()) {
				checkField(field, element, `${where}.${key}[${index}]`, depth);
			}
		} else {
			checkField(field, item, `${where}.${key}`, depth);
		}
	}
}

function checkField(field: protobuf.Field, value: unknown, where: string, depth: number): void {
	if (value === null) {
		return;
	}

	field.resolve();
	const resolved = field.resolvedType;
	if (resolved instanceof protobuf.Type) {
		checkMessage(resolved, value, where, depth + 1);
		return;
	}

	if (resolved instanceof protobuf.Enum) {
		if (!(typeof value === 'number' && Number.isInteger(value)) && typeof value !== 'string') {
			throw new DecodeError(`${where} must be an enum number or name`);
		}

		return;
	}

	switch (field.type) {
		case 'string': {
			if (typeof value !== 'string') {
				throw new DecodeError(`${where} must be a string`);
			}

			return;
		}

		case 'bytes': {
			const hexLength = HEX_IDS[field.name];
			if (typeof value !== 'string' || (hexLength !== undefined && value !== '' && (value.length !== hexLength || !HEX.test(value)))) {
				throw new DecodeError(hexLength === undefined ? `${where} must be a base64 string` : `${where} must be ${hexLength} hex digits`);
			}

			return;
		}

		case 'bool': {
			if (typeof value !== 'boolean') {
				throw new DecodeError(`${where} must be true or false`);
			}

			return;
		}

		case 'double':
		case 'float': {
			if (typeof value !== 'number' && !(typeof value === 'string' && (value === 'NaN' || value === 'Infinity' || value === '-Infinity' || Number.isFinite(Number(value))))) {
				throw new DecodeError(`${where} must be a number`);
			}

			return;
		}

		case 'int64':
		case 'sint64':
		case 'sfixed64': {
			checkInteger(value, where, INT64_MIN, INT64_MAX);
			return;
		}

		case 'uint64':
		case 'fixed64': {
			checkInteger(value, where, 0n, UINT64_MAX);
			return;
		}

		case 'int32':
		case 'sint32':
		case 'sfixed32': {
			checkInteger(value, where, -2_147_483_648n, 2_147_483_647n);
			return;
		}

		default: {
			checkInteger(value, where, 0n, 4_294_967_295n);
		}
	}
}

/** An integer as proto3 JSON writes it (a number, or a decimal string for 64 bits), within its type's range. */
function checkInteger(value: unknown, where: string, min: bigint, max: bigint): void {
	// Most values are small: compared as numbers, without a BigInt.
	const small = typeof value === 'number' ? value : (typeof value === 'string' && value.length <= 15 && INTEGER.test(value) ? Number(value) : Number.NaN);
	if (Number.isSafeInteger(small) && small >= Number(min) && small <= Number(max)) {
		return;
	}

	let integer: bigint | undefined;
	if (typeof value === 'number') {
		integer = Number.isInteger(value) ? BigInt(value) : undefined;
	} else if (typeof value === 'string' && INTEGER.test(value)) {
		integer = BigInt(value);
	}

	if (integer === undefined || integer < min || integer > max) {
		throw new DecodeError(`${where} must be an integer from ${min} to ${max}, not ${JSON.stringify(value).slice(0, 40)}`);
	}
}
