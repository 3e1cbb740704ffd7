import {describe, expect, it} from 'vitest';
import {DecodeError, decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {loadCapture} from '../helpers/captures.js';

const EVENT = Buffer.from('codex.user_prompt');
const request = loadCapture('exec-tool').find(candidate => candidate.signal === 'logs' && !candidate.contentType.includes('json') && candidate.body.includes(EVENT))!;

/** The capture's body with the first three bytes of its "codex.user_prompt" string replaced (same length, so the protobuf stays well formed). */
const withBytes = (bytes: number[]) => {
	const body = Buffer.from(request.body);
	Buffer.from(bytes).copy(body, body.indexOf(EVENT));
	return body;
};

const eventNames = (body: Buffer) => flattenExport(decodeExport('logs', 'protobuf', body)).logs.map(log => log.attributes['event.name']);

describe('protobuf string fields', () => {
	it('decode as the text Codex sent', () => {
		expect(eventNames(request.body)).toContain('codex.user_prompt');
	});

	it('keep a real U+FFFD (valid UTF-8) and non-ASCII text', () => {
		expect(eventNames(withBytes([0xEF, 0xBF, 0xBD]))).toContain('\uFFFDex.user_prompt');
		expect(eventNames(withBytes([0xC3, 0xA9, 0x6F]))).toContain('éoex.user_prompt');
	});

	it('refuse invalid UTF-8, as proto3 requires', () => {
		expect(() => decodeExport('logs', 'protobuf', withBytes([0xFF, 0xFE, 0x6F]))).toThrow(DecodeError);
		expect(() => decodeExport('logs', 'protobuf', withBytes([0xC3, 0x28, 0x6F]))).toThrow(/UTF-8/);
	});
});
