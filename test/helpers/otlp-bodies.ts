/** Hand-built protobuf bodies for what no capture holds: the hostile shapes an audit found. */

export function varint(value: number): Buffer {
	const bytes: number[] = [];
	let rest = value;
	while (rest >= 0x80) {
		bytes.push((rest & 0x7F) | 0x80);
		rest = Math.floor(rest / 128);
	}

	bytes.push(rest);
	return Buffer.from(bytes);
}

/** A length-delimited field (wire type 2). */
export function field(number: number, content: Buffer): Buffer {
	return Buffer.concat([varint((number << 3) | 2), varint(content.length), content]);
}

/** A log request of `count` empty records: 2 bytes each on the wire (`12 00`), ~150 bytes each once decoded. */
export function emptyRecords(count: number): Buffer {
	const records = Buffer.alloc(count * 2);
	for (let index = 0; index < records.length; index += 2) {
		records[index] = 0x12; // ScopeLogs.log_records, length 0
	}

	return field(1, field(2, records)); // resource_logs → scope_logs → log_records
}

/** A metrics request whose one gauge point has `time_unix_nano` (fixed64) written as a varint: malformed. */
export function malformedMetricPoint(): Buffer {
	const point = Buffer.from([0x18, 0x2A]); // field 3, wire type 0 (expected 1)
	const gauge = field(1, point);
	const metric = Buffer.concat([field(1, Buffer.from('codex.turn.token_usage')), field(5, gauge)]);
	return field(1, field(2, field(2, metric))); // resource_metrics → scope_metrics → metrics
}
