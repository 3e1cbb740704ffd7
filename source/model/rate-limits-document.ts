import type {RateLimitWindow} from './codex-event.js';
import type {RateLimits} from './session.js';

export type RateLimitWindowDocument = {usedPercent: number; windowMinutes: number | null; resetsAt: string | null};

/** `rateLimits` in `show --json` and `status --format json`: the latest plan snapshot, times as ISO strings. */
export type RateLimitsDocument = {
	primary: RateLimitWindowDocument | null;
	secondary: RateLimitWindowDocument | null;
	at: string;
	limitId: string | null;
	planType: string | null;
};

export function rateLimitsDocument(limits: RateLimits | null): RateLimitsDocument | null {
	if (!limits) {
		return null;
	}

	const window = (value: RateLimitWindow | null): RateLimitWindowDocument | null => value && {
		usedPercent: value.usedPercent,
		windowMinutes: value.windowMinutes,
		resetsAt: value.resetsAtMs === null ? null : new Date(value.resetsAtMs).toISOString(),
	};
	return {primary: window(limits.primary), secondary: window(limits.secondary), at: new Date(limits.atMs).toISOString(), limitId: limits.limitId, planType: limits.planType};
}
