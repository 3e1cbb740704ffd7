import {describe, expect, it} from 'vitest';
import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {loadCapture} from '../helpers/captures.js';

const jsonLogs = loadCapture('exec-loop-json').filter(request => request.signal === 'logs' && request.contentType.includes('json'));

describe('OTLP/JSON bodies', () => {
	it('decode the same whether ASCII (copied as latin1) or not (decoded as UTF-8)', () => {
		expect(jsonLogs.length).toBeGreaterThan(0);
		for (const request of jsonLogs) {
			expect(request.body.every(byte => byte < 0x80)).toBe(true);
			expect(decodeExport('logs', 'json', request.body).request).toEqual(JSON.parse(request.body.toString('utf8')));
		}
	});

	it('keep non-ASCII text: a prompt in several scripts survives byte for byte', () => {
		const request = jsonLogs.find(candidate => candidate.body.includes('codex.user_prompt'))!;
		const text = 'café ✓ 日本語 😀';
		const parsed = JSON.parse(request.body.toString('utf8'));
		const record = parsed.resourceLogs[0].scopeLogs.flatMap((scope: {logRecords: unknown[]}) => scope.logRecords).find((log: {attributes: Array<{key: string; value: {stringValue?: string}}>}) => log.attributes.some(attribute => attribute.value.stringValue === 'codex.user_prompt'));
		record.attributes.push({key: 'prompt', value: {stringValue: text}});
		const body = Buffer.from(JSON.stringify(parsed), 'utf8');
		const {logs} = flattenExport(decodeExport('logs', 'json', body));
		expect(logs.find(log => log.attributes['event.name'] === 'codex.user_prompt')?.attributes.prompt).toBe(text);
	});
});
