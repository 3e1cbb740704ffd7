import protobuf from 'protobufjs';
import {DecodeError, TooManyItemsError} from './decode-errors.js';

/**
 * What one request may hold, counted before anything is decoded. A 2-byte empty log record costs ~150
 * bytes of heap once decoded, so bytes alone do not bound the work: 64 KB of gzip can expand to millions
 * of records. Codex sends at most 512 records of a few dozen attributes per request; these leave 20x room.
 */
export const MAX_MESSAGES_PER_REQUEST = 500_000;
/** AnyValue nests (arrays, key-value lists); deeper than this is not telemetry. */
const MAX_DEPTH = 64;

type FieldSpec = {wireType: number; packable: boolean; message: MessageSpec | undefined};
type MessageSpec = {name: string; fields: Array<FieldSpec | undefined>};

const WIRE_TYPES: Record<string, number> = {
	double: 1, fixed64: 1, sfixed64: 1,
	float: 5, fixed32: 5, sfixed32: 5,
	int32: 0, int64: 0, uint32: 0, uint64: 0, sint32: 0, sint64: 0, bool: 0,
	string: 2, bytes: 2,
};

const specs = new Map<protobuf.Type, MessageSpec>();

/** The wire types each field of `type` may use and the message types it nests, from the schema. */
function specOf(type: protobuf.Type): MessageSpec {
	let spec = specs.get(type);
	if (spec) {
		return spec;
	}

	spec = {name: type.name, fields: []};
	specs.set(type, spec);
	for (const field of type.fieldsArray) {
		field.resolve();
		const resolved = field.resolvedType;
		if (resolved instanceof protobuf.Type) {
			spec.fields[field.id] = {wireType: 2, packable: false, message: specOf(resolved)};
		} else {
			const wireType = resolved instanceof protobuf.Enum ? 0 : WIRE_TYPES[field.type] ?? 2;
			spec.fields[field.id] = {wireType, packable: field.repeated && wireType !== 2, message: undefined};
		}
	}

	return spec;
}

/**
 * Walks a protobuf message without decoding it: every field must have the wire type its schema gives
 * (so a malformed metric point is refused even where decoding skips it), every length must fit, and
 * more than MAX_MESSAGES_PER_REQUEST nested messages (records, attributes, values) is refused with a
 * TooManyItemsError before any of them costs memory.
 */
export function checkProtobuf(type: protobuf.Type, body: Uint8Array): void {
	const budget = {messages: 0};
	walk(specOf(type), body, 0, body.length, 0, budget);
}

function walk(spec: MessageSpec, body: Uint8Array, start: number, end: number, depth: number, budget: {messages: number}): void {
	if (depth > MAX_DEPTH) {
		throw new DecodeError(`protobuf message nested more than ${MAX_DEPTH} levels deep`);
	}

	let pos = start;
	while (pos < end) {
		// The tag: field number and wire type.
		let tag = 0;
		let shift = 1;
		let byte: number;
		do {
			if (pos >= end || shift > 2 ** 35) {
				throw new DecodeError(`truncated protobuf field tag in ${spec.name}`);
			}

			byte = body[pos++]!;
			tag += (byte & 0x7F) * shift;
			shift *= 128;
		} while (byte >= 0x80);

		const wireType = tag % 8;
		const fieldNumber = Math.floor(tag / 8);
		if (fieldNumber === 0) {
			throw new DecodeError(`invalid protobuf field number 0 in ${spec.name}`);
		}

		let valueStart = pos;
		switch (wireType) {
			case 0: {
				const limit = Math.min(end, pos + 10);
				while (pos < limit && body[pos]! >= 0x80) {
					pos++;
				}

				if (pos >= limit) {
					throw new DecodeError(`truncated protobuf varint in ${spec.name}`);
				}

				pos++;
				break;
			}

			case 1: {
				pos += 8;
				break;
			}

			case 2: {
				let length = 0;
				let multiplier = 1;
				do {
					if (pos >= end || multiplier > 2 ** 35) {
						throw new DecodeError(`truncated protobuf length in ${spec.name}`);
					}

					byte = body[pos++]!;
					length += (byte & 0x7F) * multiplier;
					multiplier *= 128;
				} while (byte >= 0x80);

				valueStart = pos;
				pos += length;
				break;
			}

			case 5: {
				pos += 4;
				break;
			}

			default: {
				throw new DecodeError(`unsupported protobuf wire type ${wireType} in ${spec.name}`);
			}
		}

		if (pos > end) {
			throw new DecodeError(`protobuf field ${fieldNumber} of ${spec.name} runs past the end of its message`);
		}

		const field = spec.fields[fieldNumber];
		if (field === undefined) {
			continue; // An unknown field: skipped, as protobuf says.
		}

		if (field.wireType !== wireType && !(field.packable && wireType === 2)) {
			throw new DecodeError(`protobuf field ${fieldNumber} of ${spec.name} has wire type ${wireType}, expected ${field.wireType}`);
		}

		if (field.message) {
			if (++budget.messages > MAX_MESSAGES_PER_REQUEST) {
				throw new TooManyItemsError(`request holds more than ${MAX_MESSAGES_PER_REQUEST} records, attributes and values; send smaller batches`);
			}

			walk(field.message, body, valueStart, pos, depth + 1, budget);
		}
	}
}
