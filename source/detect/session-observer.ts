import type {CodexEvent} from '../model/codex-event.js';
import type {Session} from '../model/session.js';

/** How events are being applied: `live` ones just arrived; others rebuild history (show, replay, a resumed session). */
export type ApplyContext = {live: boolean};

/** Runs after each event is folded into its session (detectors raise alerts here). */
export type SessionObserver = (session: Session, event: CodexEvent, context: ApplyContext) => void;
