/** A plan window as the model keeps it (structural, so format/ imports nothing). */
export type PlanWindow = {usedPercent: number; windowMinutes: number | null; resetsAtMs: number | null};

const WEEK_MINUTES = 7 * 24 * 60;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 300 → "5h", 10080 → "wk", 1440 → "1d": the window as Codex users name it. */
export function formatWindowLabel(windowMinutes: number | null, fallback: string): string {
	if (windowMinutes === null || windowMinutes <= 0) {
		return fallback;
	}

	if (windowMinutes === WEEK_MINUTES) {
		return 'wk';
	}

	if (windowMinutes % 1440 === 0) {
		return `${windowMinutes / 1440}d`;
	}

	return windowMinutes % 60 === 0 ? `${windowMinutes / 60}h` : `${windowMinutes}m`;
}

/** 43 → "43%", 19.5 → "19.5%", 99.96 → "99.9%" (never rounded up to a limit not yet reached). */
export function formatPercent(value: number): string {
	const tenths = Math.floor(value * 10) / 10;
	return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}%`;
}

/** When a window resets, in local time: "14:30" within a day, "Sat 09:00" within a week, else "12-24". */
export function formatResetTime(resetsAtMs: number, nowMs: number): string {
	const date = new Date(resetsAtMs);
	const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
	if (resetsAtMs - nowMs < DAY_MS) {
		return time;
	}

	return resetsAtMs - nowMs < 6 * DAY_MS ? `${WEEKDAYS[date.getDay()]} ${time}` : `${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * The plan windows on one line: `5h 43% ↺14:30 · wk 12% ↺Sat 09:00` (with `resets`), `5h 43% · wk 12%` without.
 * A window whose reset time has passed shows as reset: its percentage belongs to the previous window.
 */
export function formatPlanWindows(limits: {primary: PlanWindow | null; secondary: PlanWindow | null}, nowMs: number, options: {resets: boolean}): string {
	const parts: string[] = [];
	for (const [window, fallback] of [[limits.primary, 'primary'], [limits.secondary, 'secondary']] as const) {
		if (!window) {
			continue;
		}

		const label = formatWindowLabel(window.windowMinutes, fallback);
		if (window.resetsAtMs !== null && window.resetsAtMs <= nowMs) {
			parts.push(`${label} reset`);
		} else {
			parts.push(`${label} ${formatPercent(window.usedPercent)}${options.resets && window.resetsAtMs !== null ? ` \u21BA${formatResetTime(window.resetsAtMs, nowMs)}` : ''}`);
		}
	}

	return parts.join(' \u00B7 ');
}
