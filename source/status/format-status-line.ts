import {formatCount, formatUsd} from '../format/format-number.js';
import {formatPercent, formatResetTime, formatWindowLabel, type PlanWindow} from '../format/plan-windows.js';
import type {RateLimitWindowDocument} from '../model/rate-limits-document.js';
import type {StatusOverview} from '../model/status-overview.js';

/** The word tmux shows when nothing is receiving. */
export const NOT_RUNNING = 'codexmon: not running';

/** `status-right` is short: tmux's default is 40 columns, and the line shares it with the clock. */
export const DEFAULT_MAX_WIDTH = 60;

/** A plan window this full shows its reset time too (the detector's default warning). */
const WINDOW_DETAIL_PERCENT = 90;

const SEPARATOR = ' \u00B7 ';

/** A piece of the line; when it is too wide, the lowest `keep` goes first. */
type Part = {text: string; keep: number};

/**
 * The one status line: `◆2 live · 41k tok/min · $3.40 today · 5h 43% · ⚠ loop e1714e3d`. Parts are dropped
 * (tokens per minute first, then the weekly window, cost, the 5h window, the live count; the worst alert last) until it fits `maxWidth`.
 */
export function formatStatusLine(overview: StatusOverview | undefined, running: boolean, nowMs: number, maxWidth: number): string {
	const parts: Part[] = [{text: running ? `\u25C6${overview?.live ?? 0} live` : NOT_RUNNING, keep: 9}];
	if (overview) {
		if (running && overview.tokensPerMinute) {
			parts.push({text: `${formatCount(overview.tokensPerMinute)} tok/min`, keep: 1});
		}

		if (overview.costTodayUsd > 0) {
			parts.push({text: `${formatUsd(overview.costTodayUsd)} today`, keep: 3});
		}

		const limits = overview.rateLimits;
		for (const [window, fallback, keep] of [[limits?.primary, 'primary', 4], [limits?.secondary, 'secondary', 2]] as const) {
			const text = window ? windowText(window, fallback, nowMs) : undefined;
			if (text) {
				parts.push({text, keep: window!.usedPercent >= WINDOW_DETAIL_PERCENT ? keep + 4 : keep});
			}
		}

		const [worst] = overview.alerts;
		if (worst) {
			const more = overview.alerts.length > 1 ? ` +${overview.alerts.length - 1}` : '';
			parts.push({text: `${worst.severity === 'critical' ? '\u203C' : '\u26A0'} ${worst.kind} ${worst.conversationId.slice(-8)}${more}`, keep: 10});
		}
	}

	while (width(parts) > maxWidth && parts.length > 1) {
		const lowest = parts.reduce((low, part) => part.keep < low.keep ? part : low);
		parts.splice(parts.indexOf(lowest), 1);
	}

	const line = parts.map(part => part.text).join(SEPARATOR);
	return [...line].length > maxWidth ? `${[...line].slice(0, maxWidth - 1).join('')}\u2026` : line;
}

/** tmux's style syntax around the line: red on a critical alert, yellow on a warning; `#` doubled so tmux prints it. */
export function tmuxStyled(line: string, overview: StatusOverview | undefined): string {
	const text = line.replaceAll('#', '##');
	const severity = overview?.alerts[0]?.severity;
	if (!severity) {
		return text;
	}

	return `#[fg=${severity === 'critical' ? 'red' : 'yellow'}]${text}#[default]`;
}

function windowText(window: RateLimitWindowDocument, fallback: string, nowMs: number): string | undefined {
	const resetsAtMs = window.resetsAt === null ? null : Date.parse(window.resetsAt);
	if (resetsAtMs !== null && resetsAtMs <= nowMs) {
		return undefined;
	}

	const plan: PlanWindow = {usedPercent: window.usedPercent, windowMinutes: window.windowMinutes, resetsAtMs};
	const reset = plan.usedPercent >= WINDOW_DETAIL_PERCENT && resetsAtMs !== null ? ` \u21BA${formatResetTime(resetsAtMs, nowMs)}` : '';
	return `${formatWindowLabel(plan.windowMinutes, fallback)} ${formatPercent(plan.usedPercent)}${reset}`;
}

function width(parts: readonly Part[]): number {
	return parts.reduce((sum, part) => sum + [...part.text].length, 0) + (SEPARATOR.length * (parts.length - 1));
}
