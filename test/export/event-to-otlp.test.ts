import {describe, expect, test} from 'vitest';
import {eventToOtlp} from '../../source/export/event-to-otlp.js';
import {createOtlpJsonWriter} from '../../source/export/otlp-json-writer.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {normalizeLog} from '../../source/model/normalize-log.js';
import {normalizeSpan} from '../../source/model/normalize-span.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {CAPTURE_NAMES} from '../helpers/captures.js';
import {eventsOfCapture} from '../helpers/pipeline.js';

/** Writes events as OTLP/JSON lines, then reads the lines back the way the receiver does. */
function roundTrip(events: CodexEvent[]): CodexEvent[] {
	const lines: string[] = [];
	const writer = createOtlpJsonWriter(line => lines.push(line));
	events.forEach((event, index) => {
		writer.add(eventToOtlp(event, 'codex_exec', index));
	});
	writer.end();
	return lines.flatMap(line => {
		const flattened = flattenExport(decodeExport(undefined, 'json', Buffer.from(line)));
		return [...flattened.logs.flatMap(log => normalizeLog(log)), ...flattened.spans.map(span => normalizeSpan(span)!)];
	});
}

/** Times survive to well under a microsecond; everything else exactly. */
function withRoundedTimes(event: CodexEvent): unknown {
	return JSON.parse(JSON.stringify(event, (key, value: unknown) => ['atMs', 'startMs', 'endMs'].includes(key) ? Math.round(Number(value) * 1000) : value));
}

describe.each(CAPTURE_NAMES)('capture %s', name => {
	test('every stored event survives export to OTLP/JSON and back, in order', () => {
		const events = eventsOfCapture(name);
		// Exports are per conversation; a parent's spawn_agent result also links its child, which is not in it.
		for (const conversationId of new Set(events.map(event => event.conversationId))) {
			const own = events.filter(event => event.conversationId === conversationId);
			const back = roundTrip(own).filter(event => event.conversationId === conversationId);
			expect(back.map(event => withRoundedTimes(event))).toEqual(own.map(event => withRoundedTimes(event)));
		}
	});
});

test('requests hold one signal, at most 512 records, in the original order', () => {
	const events = eventsOfCapture('tui-session');
	const lines: string[] = [];
	const writer = createOtlpJsonWriter(line => lines.push(line));
	events.forEach((event, index) => {
		writer.add(eventToOtlp(event, 'codex-app-server', index));
	});
	writer.end();
	for (const line of lines) {
		const parsed = JSON.parse(line) as Record<string, Array<{scopeLogs?: Array<{logRecords: unknown[]}>; scopeSpans?: Array<{spans: unknown[]}>}>>;
		const keys = Object.keys(parsed);
		expect(keys.length).toBe(1);
		const count = parsed[keys[0]!]!.reduce((sum, resource) => sum + (resource.scopeLogs?.[0]?.logRecords.length ?? resource.scopeSpans?.[0]?.spans.length ?? 0), 0);
		expect(count).toBeGreaterThan(0);
		expect(count).toBeLessThanOrEqual(512);
	}
});
