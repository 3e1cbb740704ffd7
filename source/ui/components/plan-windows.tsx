import {Text} from 'ink';
import {formatPlanWindows, formatResetTime} from '../../format/plan-windows.js';
import type {RateLimits, Session} from '../../model/session.js';
import {theme} from '../theme.js';

/** Used percent from which a window is shown as a warning, and where Codex stops (the detector's defaults). */
const WARN_PERCENT = 90;
const FULL_PERCENT = 100;
/** A snapshot older than this says when it was taken: plan usage moves with every other session too. */
const STALE_AFTER_MS = 10 * 60_000;

/** Lines the plan windows take under the header: one when the session has a rate-limit snapshot. */
export function planWindowLines(session: Session | undefined): number {
	return session?.rateLimits ? 1 : 0;
}

/** The plan's rate-limit windows (`plan 5h 43% ↺14:30 · wk 12% ↺Sat 09:00`), from the rollout's latest snapshot. */
export function PlanWindows({rateLimits, nowMs, width}: {rateLimits: RateLimits | null; nowMs: number; width: number}) {
	if (!rateLimits) {
		return null;
	}

	const fullest = Math.max(rateLimits.primary?.usedPercent ?? 0, rateLimits.secondary?.usedPercent ?? 0);
	const color = fullest >= FULL_PERCENT ? theme.error : (fullest >= WARN_PERCENT ? theme.warn : theme.dim);
	const stale = nowMs - rateLimits.atMs > STALE_AFTER_MS ? ` · as of ${formatResetTime(rateLimits.atMs, rateLimits.atMs)}` : '';
	return (
		<Text wrap="truncate" color={color}>{`plan ${formatPlanWindows(rateLimits, nowMs, {resets: width >= 40})}${stale}`.slice(0, width)}</Text>
	);
}
