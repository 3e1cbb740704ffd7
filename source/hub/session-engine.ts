import type {ApplyContext, SessionObserver} from '../detect/session-observer.js';
import type {CodexEvent} from '../model/codex-event.js';
import {applyEvent, createModelState, type ModelState} from '../model/session-reducer.js';
import type {Session} from '../model/session.js';
import {noteEvent} from '../model/session-totals.js';

// The observer types live with the detectors (hub/ imports detect/, never the reverse).
export type {ApplyContext, SessionObserver} from '../detect/session-observer.js';

export type SessionEngine = {
	readonly model: ModelState;
	apply(event: CodexEvent, context?: ApplyContext): Session;
	applyAll(events: Iterable<CodexEvent>, context?: ApplyContext): Set<Session>;
};

const HISTORY: ApplyContext = Object.freeze({live: false});

/**
 * The one way events become sessions: live ingest, a rebuild from the store (`show`) and replay all go
 * through an engine, so they cannot disagree.
 */
export function createSessionEngine(observers: readonly SessionObserver[] = []): SessionEngine {
	const model = createModelState();
	const apply = (event: CodexEvent, context: ApplyContext = HISTORY) => {
		const session = applyEvent(model, event);
		// Before the observers: the detectors read the running totals, which must know what this event changed.
		noteEvent(session, event);
		for (const observe of observers) {
			observe(session, event, context);
		}

		return session;
	};

	return {
		model,
		apply,
		applyAll(events, context = HISTORY) {
			const touched = new Set<Session>();
			for (const event of events) {
				touched.add(apply(event, context));
			}

			return touched;
		},
	};
}
