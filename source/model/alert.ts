export type AlertKind = 'loop' | 'runaway' | 'plan';
export type AlertSeverity = 'warning' | 'critical';

/** A warning raised by a detector. One alert per key: it escalates instead of duplicating. */
export type Alert = {
	/** Stable identity within a session, e.g. `loop:repeat:<signature>`. */
	key: string;
	kind: AlertKind;
	/** For loops: repeat, near-repeat, cycle, stalled-turn. */
	pattern?: string;
	/** For runaways: tokens, turn-tokens, model-requests, turn-time, cost, api-latency-p95, tool-failure-rate, model-retries, model-failure; for plan: usage-limit, window. */
	metric?: string;
	severity: AlertSeverity;
	/** When it fired or last escalated (epoch ms of the evidence). */
	atMs: number;
	message: string;
	callIds: string[];
	evidence: Record<string, unknown>;
};
