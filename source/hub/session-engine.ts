import type {CodexEvent} from '../model/codex-event.js';
import {applyEvent, createModelState, type ModelState} from '../model/session-reducer.js';
import type {Session} from '../model/session.js';

/** Runs after each event is folded into its session (detectors raise alerts here). */
export type SessionObserver = (session: Session, event: CodexEvent, model: ModelState) => void;

export type SessionEngine = {
	readonly model: ModelState;
	apply(event: CodexEvent): Session;
	applyAll(events: Iterable<CodexEvent>): Set<Session>;
};

/**
 * The one way events become sessions: live ingest, a rebuild from the store (`show`) and replay all go
 * through an engine, so they cannot disagree.
 */
export function createSessionEngine(observers: readonly SessionObserver[] = []): SessionEngine {
	const model = createModelState();
	const apply = (event: CodexEvent) => {
		const session = applyEvent(model, event);
		for (const observe of observers) {
			observe(session, event, model);
		}

		return session;
	};

	return {
		model,
		apply,
		applyAll(events) {
			const touched = new Set<Session>();
			for (const event of events) {
				touched.add(apply(event));
			}

			return touched;
		},
	};
}
