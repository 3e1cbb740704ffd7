import type {Signal} from './signal.js';

type Field = {field: number; wireType: number; start: number; end: number};

/**
 * Tells the signal of a protobuf export body posted to a path that does not name it.
 * All three requests nest `field 1 → field 2 → field 2`; the innermost item differs:
 * a Span has fixed64 fields 7/8, a LogRecord fixed64 fields 1/11 or string 12, a Metric
 * a string name and a data message. Returns undefined for an empty or unreadable body.
 */
export function sniffProtobufSignal(body: Uint8Array): Signal | undefined {
	const resource = firstField(body, 0, body.length, 1);
	const scope = resource && firstField(body, resource.start, resource.end, 2);
	const item = scope && firstField(body, scope.start, scope.end, 2);
	if (!item) {
		return undefined;
	}

	const seen = new Set<string>();
	for (const field of readFields(body, item.start, item.end)) {
		seen.add(`${field.field}:${field.wireType}`);
	}

	if (seen.has('7:1') || seen.has('8:1')) {
		return 'traces';
	}

	if (seen.has('1:1') || seen.has('11:1') || seen.has('12:2') || seen.has('6:2')) {
		return 'logs';
	}

	for (const data of ['5:2', '7:2', '9:2', '10:2', '11:2']) {
		if (seen.has(data)) {
			return 'metrics';
		}
	}

	return undefined;
}

function firstField(body: Uint8Array, start: number, end: number, wanted: number): Field | undefined {
	for (const field of readFields(body, start, end)) {
		if (field.field === wanted && field.wireType === 2) {
			return field;
		}
	}

	return undefined;
}

function * readFields(body: Uint8Array, start: number, end: number): Generator<Field> {
	let pos = start;
	while (pos < end) {
		const tag = readVarint(body, pos, end);
		if (!tag) {
			return;
		}

		pos = tag.next;
		const field = Math.floor(tag.value / 8);
		const wireType = tag.value % 8;
		let valueStart = pos;
		switch (wireType) {
			case 0: {
				const value = readVarint(body, pos, end);
				if (!value) {
					return;
				}

				pos = value.next;
				break;
			}

			case 1: {
				pos += 8;
				break;
			}

			case 2: {
				const length = readVarint(body, pos, end);
				if (!length) {
					return;
				}

				valueStart = length.next;
				pos = length.next + length.value;
				break;
			}

			case 5: {
				pos += 4;
				break;
			}

			default: {
				return;
			}
		}

		if (pos > end) {
			return;
		}

		yield {field, wireType, start: valueStart, end: pos};
	}
}

function readVarint(body: Uint8Array, start: number, end: number): {value: number; next: number} | undefined {
	let value = 0;
	let multiplier = 1;
	for (let pos = start; pos < end && pos < start + 10; pos++) {
		const byte = body[pos]!;
		value += (byte & 0x7F) * multiplier;
		if (byte < 0x80) {
			return {value, next: pos + 1};
		}

		multiplier *= 128;
	}

	return undefined;
}
