import {describe, expect, it} from 'vitest';
import {DecodeError, decodeExport} from '../../source/otlp/decode.js';
import {INGEST_DECODE} from '../../source/app/ingest.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {CAPTURE_NAMES, loadCapture} from '../helpers/captures.js';

const metricsBodies = CAPTURE_NAMES.flatMap(name => loadCapture(name)).filter(request => request.signal === 'metrics' && !request.contentType.includes('json')).map(request => request.body);

describe('the ingest\'s metrics decode (data points counted, not decoded)', () => {
	it('counts the same points, with the same resources, as a full decode of every protobuf metrics capture', () => {
		expect(metricsBodies.length).toBeGreaterThan(5);
		for (const body of metricsBodies) {
			const full = flattenExport(decodeExport('metrics', 'protobuf', body));
			const counted = flattenExport(decodeExport('metrics', 'protobuf', body, INGEST_DECODE), {metric: () => false});
			expect(counted.itemCount).toBe(full.itemCount);
			expect(counted.itemCount).toBeGreaterThan(0);
			expect(counted.metrics).toEqual([]);
			expect(new Set(full.metrics.map(point => JSON.stringify(point.resource)))).toEqual(new Set([JSON.stringify(full.metrics[0]!.resource)]));
		}
	});

	it('still refuses a body cut short', () => {
		const body = metricsBodies[0]!;
		expect(() => decodeExport('metrics', 'protobuf', body.subarray(0, body.length - 7), INGEST_DECODE)).toThrow(DecodeError);
	});
});
