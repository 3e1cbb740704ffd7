import {formatCount, formatUsd} from '../format/format-number.js';
import {localDay} from '../model/session-document.js';
import type {Session} from '../model/session.js';
import {groupBudgetsOf, scopeName} from './budget-scopes.js';
import type {DailySpend} from './daily-spend.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';
import type {Level, Thresholds} from './thresholds.js';

/**
 * Daily budgets, global and per team or project: the day's spend across every session seen, judged on the
 * session whose event crossed it (each session that spends past a crossed budget is told once).
 */
export function detectDailyBudget(session: Session, nowMs: number, spend: DailySpend, thresholds: Thresholds, onAlert?: AlertListener): void {
	const groups = groupBudgetsOf(session, thresholds.groupBudgets);
	spend.update(session, ['all', ...groups.map(group => scopeName(group))]);
	const day = localDay(nowMs);
	const check = (scope: string, label: string, tokens: Level | undefined, costUsd: Level | undefined) => {
		const total = spend.total(day, scope);
		const judge = (metric: 'tokens' | 'cost', value: number, level: Level | undefined, describe: (value: number, limit: number) => string) => {
			const severity = level ? severityFor(value, level) : undefined;
			if (level && severity) {
				const limit = severity === 'critical' ? level.critical : level.warning;
				raiseAlert(session, {
					key: `runaway:daily-${metric}:${day}:${scope}`,
					kind: 'runaway',
					metric,
					severity,
					atMs: nowMs,
					message: describe(value, limit),
					callIds: [],
					evidence: {value, warning: level.warning, critical: level.critical, day, scope, sessions: total.sessions},
				}, onAlert);
			}
		};

		judge('tokens', total.tokens, tokens, (value, limit) => `${label} used ${formatCount(value)} tokens today across ${total.sessions} session${total.sessions === 1 ? '' : 's'} (daily limit ${formatCount(limit)})`);
		judge('cost', total.costUsd, costUsd, (value, limit) => `${label} spent ${formatUsd(value)} today across ${total.sessions} session${total.sessions === 1 ? '' : 's'} (daily limit ${formatUsd(limit)})`);
	};

	check('all', 'all sessions', thresholds.dailyTokens, thresholds.dailyCostUsd);
	for (const group of groups) {
		check(scopeName(group), scopeName(group), group.dailyTokens, group.dailyCostUsd);
	}
}
