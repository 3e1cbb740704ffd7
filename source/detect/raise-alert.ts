import type {Alert, AlertSeverity} from '../model/alert.js';
import type {Session} from '../model/session.js';

export type AlertListener = (alert: Alert, session: Session, change: 'raised' | 'escalated') => void;

/**
 * Records an alert on the session: a new key is raised; an existing one is updated in place (evidence,
 * count) and escalates from warning to critical, never back, and never duplicates.
 */
export function raiseAlert(session: Session, alert: Alert, onAlert?: AlertListener): void {
	const existing = session.alerts.find(candidate => candidate.key === alert.key);
	if (!existing) {
		session.alerts.push(alert);
		onAlert?.(alert, session, 'raised');
		return;
	}

	const escalated = rank(alert.severity) > rank(existing.severity);
	const changed = escalated || alert.message !== existing.message || alert.callIds.length !== existing.callIds.length;
	if (!changed) {
		return;
	}

	existing.message = alert.message;
	existing.callIds = alert.callIds;
	existing.evidence = alert.evidence;
	if (escalated) {
		existing.severity = alert.severity;
		existing.atMs = alert.atMs;
		onAlert?.(existing, session, 'escalated');
	}
}

function rank(severity: AlertSeverity): number {
	return severity === 'critical' ? 2 : 1;
}

export function severityFor(value: number, level: {warning: number; critical: number}): AlertSeverity | undefined {
	if (value >= level.critical) {
		return 'critical';
	}

	return value >= level.warning ? 'warning' : undefined;
}
