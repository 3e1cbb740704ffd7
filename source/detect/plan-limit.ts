import type {CodexEvent} from '../model/codex-event.js';
import type {Session} from '../model/session.js';
import {formatPercent, formatResetTime, formatWindowLabel, type PlanWindow} from '../format/plan-windows.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';
import type {Thresholds} from './thresholds.js';

/**
 * The plan's limits: a turn that failed on the usage limit is critical (Codex stops, and `codex exec` exits
 * without a word to the telemetry), and a rate-limit window filling up warns before it gets there.
 */
export function detectPlanLimit(session: Session, event: CodexEvent, thresholds: Thresholds, onAlert?: AlertListener): void {
	if (event.kind === 'usage_limit_reached') {
		const full = fullestWindow(session);
		raiseAlert(session, {
			key: `plan:usage-limit:${event.turnId || event.atMs}`,
			kind: 'plan',
			metric: 'usage-limit',
			severity: 'critical',
			atMs: event.atMs,
			message: `usage limit reached${full ? `: ${describeWindow(full.window, full.fallback, event.atMs)}` : ''}`,
			callIds: [],
			evidence: {turnId: event.turnId, codexMessage: event.message},
		}, onAlert);
		return;
	}

	const limits = session.rateLimits;
	if (event.kind !== 'rate_limits' || !limits) {
		return;
	}

	for (const [window, fallback] of [[limits.primary, 'primary'], [limits.secondary, 'secondary']] as const) {
		const severity = window ? severityFor(window.usedPercent, thresholds.planUsedPercent) : undefined;
		if (!window || !severity) {
			continue;
		}

		const label = formatWindowLabel(window.windowMinutes, fallback);
		raiseAlert(session, {
			// One alert per window period: the next period may warn again.
			key: `plan:window:${label}:${window.resetsAtMs ?? ''}`,
			kind: 'plan',
			metric: 'window',
			severity,
			atMs: limits.atMs,
			message: `plan ${describeWindow(window, fallback, limits.atMs)}`,
			callIds: [],
			evidence: {window: label, usedPercent: window.usedPercent, windowMinutes: window.windowMinutes, resetsAtMs: window.resetsAtMs, warning: thresholds.planUsedPercent.warning, critical: thresholds.planUsedPercent.critical},
		}, onAlert);
	}
}

function describeWindow(window: PlanWindow, fallback: string, atMs: number): string {
	return `${formatWindowLabel(window.windowMinutes, fallback)} window at ${formatPercent(window.usedPercent)}${window.resetsAtMs === null ? '' : ` (resets ${formatResetTime(window.resetsAtMs, atMs)})`}`;
}

function fullestWindow(session: Session): {window: PlanWindow; fallback: string} | undefined {
	const limits = session.rateLimits;
	const windows = [{window: limits?.primary, fallback: 'primary'}, {window: limits?.secondary, fallback: 'secondary'}].filter((entry): entry is {window: PlanWindow; fallback: string} => Boolean(entry.window));
	return windows.sort((a, b) => b.window.usedPercent - a.window.usedPercent)[0];
}
