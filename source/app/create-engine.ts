import type {Config} from '../config.js';
import {createDetectorObserver} from '../detect/index.js';
import type {AlertListener} from '../detect/raise-alert.js';
import type {SessionSummary} from '../model/session-summary.js';
import {createSessionEngine, type SessionEngine} from '../hub/session-engine.js';

/**
 * The session engine every command uses (serve, the TUI, show, replay): the reducer plus the detectors
 * the configuration asks for. Build it here only, so live and offline views agree.
 */
export function createEngine(config: Config, options: {onAlert?: AlertListener; storedSpend?: () => readonly SessionSummary[]} = {}): SessionEngine {
	return createSessionEngine([createDetectorObserver({thresholds: config.thresholds, prices: config.prices, onAlert: options.onAlert, storedSpend: options.storedSpend})]);
}
