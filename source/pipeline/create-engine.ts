import type {Config} from '../config.js';
import {createSessionEngine, type SessionEngine} from '../hub/session-engine.js';

/**
 * The session engine every command uses (serve, the TUI, show, replay): the reducer plus the
 * observers the configuration asks for. Build it here only, so live and offline views agree.
 */
export function createEngine(_config: Config): SessionEngine {
	return createSessionEngine([]);
}
