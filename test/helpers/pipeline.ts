import type {CodexEvent} from '../../source/model/codex-event.js';
import {normalizeLog} from '../../source/model/normalize-log.js';
import {isTimelineSpan, normalizeSpan} from '../../source/model/normalize-span.js';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import type {ModelState} from '../../source/model/session-reducer.js';
import {createTurnConversations, withDirectoryEvents, type TurnConversations} from '../../source/model/working-directory.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {loadCapture, loadCaptureFrom, type CaptureName, type CaptureSet, type CapturedRequest} from './captures.js';

/** The model events of one captured request, decoded and normalised as the receiver does. */
export function eventsOfRequest(request: CapturedRequest, turns: TurnConversations = createTurnConversations()): CodexEvent[] {
	const encoding = request.contentType.includes('json') ? 'json' : 'protobuf';
	const flattened = flattenExport(decodeExport(signalFromPath(request.path), encoding, request.body), {span: isTimelineSpan});
	const events: CodexEvent[] = flattened.logs.flatMap(log => normalizeLog(log));
	for (const span of flattened.spans) {
		const event = normalizeSpan(span);
		if (event) {
			events.push(event);
		}
	}

	return withDirectoryEvents(events, flattened.spans, turns);
}

export function eventsOfCapture(name: CaptureName): CodexEvent[] {
	const turns = createTurnConversations();
	return loadCapture(name).flatMap(request => eventsOfRequest(request, turns));
}

export function eventsOfCaptureFrom(set: CaptureSet, name: string): CodexEvent[] {
	const turns = createTurnConversations();
	return loadCaptureFrom(set, name).flatMap(request => eventsOfRequest(request, turns));
}

/** Folds events through the same engine as live ingest. */
export function reduceEvents(events: Iterable<CodexEvent>): ModelState {
	const engine = createSessionEngine();
	engine.applyAll(events);
	return engine.model;
}
