import type {OtlpBytes} from './types.js';

const HEX_ID = /^[\da-f]*$/i;

/**
 * A trace or span id as lowercase hex. Protobuf gives bytes; OTLP/JSON gives hex, and some
 * non-conforming exporters send base64, which is detected by its length and alphabet.
 */
export function idToHex(value: OtlpBytes): string {
	if (value === null || value === undefined) {
		return '';
	}

	if (typeof value === 'string') {
		if (HEX_ID.test(value) && (value.length === 32 || value.length === 16 || value.length === 0)) {
			return value.toLowerCase();
		}

		const bytes = Buffer.from(value, 'base64');
		return bytes.length === 16 || bytes.length === 8 ? bytes.toString('hex') : value.toLowerCase();
	}

	if (value instanceof Uint8Array) {
		return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
	}

	return '';
}
