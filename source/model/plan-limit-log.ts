import type {Attributes} from '../otlp/any-value.js';
import {readNumber, readString} from './attributes.js';
import type {RateLimitsEvent, RateLimitWindow, UsageLimitEvent} from './codex-event.js';

/**
 * @NOTE codexmon's own log events: plan rate limits and usage-limit failures come only from the rollout, so
 * `codexmon export --format otlp` writes them under these names, and reading the export back gives them again.
 */
export const RATE_LIMITS_LOG_EVENT = 'codexmon.rate_limits';
export const USAGE_LIMIT_LOG_EVENT = 'codexmon.usage_limit_reached';

type Base = {conversationId: string; atMs: number};

/** The attributes a rate-limit snapshot is exported with. */
export function rateLimitsAttributes(event: RateLimitsEvent): Attributes {
	const window = (name: string, value: RateLimitWindow | null): Attributes => value === null ? {} : {
		[`${name}.used_percent`]: value.usedPercent,
		...(value.windowMinutes === null ? {} : {[`${name}.window_minutes`]: value.windowMinutes}),
		...(value.resetsAtMs === null ? {} : {[`${name}.resets_at`]: new Date(value.resetsAtMs).toISOString()}),
	};
	return {
		...(event.limitId === null ? {} : {limit_id: event.limitId}),
		...(event.planType === null ? {} : {plan_type: event.planType}),
		...window('primary', event.primary),
		...window('secondary', event.secondary),
	};
}

export function normalizeRateLimitsLog(base: Base, attributes: Attributes): RateLimitsEvent[] {
	const window = (name: string): RateLimitWindow | null => {
		const usedPercent = readNumber(attributes, `${name}.used_percent`);
		const resetsAtMs = Date.parse(readString(attributes, `${name}.resets_at`) ?? '');
		return usedPercent === undefined ? null : {usedPercent, windowMinutes: readNumber(attributes, `${name}.window_minutes`) ?? null, resetsAtMs: Number.isFinite(resetsAtMs) ? resetsAtMs : null};
	};

	const primary = window('primary');
	const secondary = window('secondary');
	return primary || secondary ? [{...base, kind: 'rate_limits', limitId: readString(attributes, 'limit_id') ?? null, planType: readString(attributes, 'plan_type') ?? null, primary, secondary}] : [];
}

export function normalizeUsageLimitLog(base: Base, attributes: Attributes): UsageLimitEvent[] {
	return [{...base, kind: 'usage_limit_reached', turnId: readString(attributes, 'turn.id') ?? '', message: readString(attributes, 'message') ?? ''}];
}
