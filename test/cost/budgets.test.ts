import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {createDetectorObserver} from '../../source/detect/index.js';
import {resolveThresholds} from '../../source/detect/resolve-thresholds.js';
import {ConfigFileError, loadConfigFile} from '../../source/config-file.js';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {sessionCostUsd} from '../../source/model/session-cost.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import type {Session} from '../../source/model/session.js';
import {loadCapture, type CaptureName} from '../helpers/captures.js';
import {eventsOfRequest} from '../helpers/pipeline.js';
import {withResourceAttributes} from '../helpers/rewrite-resource.js';

const prices = createPriceBook();

function budgets(toml: string) {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-budget-')), 'config.toml');
	fs.writeFileSync(file, toml);
	const sections = loadConfigFile(file).sections;
	return resolveThresholds({detect: sections.detect, budget: sections.budget});
}

/** Real captures, one after the other as a day's work, with the resource attributes their environment set. */
function run(thresholds: ReturnType<typeof budgets>, captures: Array<{name: CaptureName; resource?: Record<string, string>}>): Session[] {
	const engine = createSessionEngine([createDetectorObserver({thresholds, prices})]);
	for (const {name, resource} of captures) {
		for (const request of loadCapture(name)) {
			engine.applyAll(eventsOfRequest(resource ? withResourceAttributes(request, resource) : request), {live: true});
		}
	}

	return [...engine.model.sessions.values()].filter(session => session.kind === 'main');
}

const budgetAlerts = (session: Session) => session.alerts.filter(alert => alert.kind === 'runaway' && (alert.metric === 'cost' || alert.metric === 'tokens'));

describe('budgets', () => {
	test('a daily cost budget is judged across sessions: the session that crosses it is told', () => {
		const day = ['exec-simple', 'exec-tool', 'exec-fail', 'exec-loop'] as const;
		const sessions = run(budgets('[budget]\ndaily_cost_usd = 0.003\n'), day.map(name => ({name})));
		const costs = sessions.map(session => sessionCostUsd(session, prices)!);
		// Hand-checked: 0.0002 + 0.0004 + 0.0004 stays under the 80 % warning (0.0024); the loop session's 0.0025 crosses 0.003.
		expect(costs.slice(0, 3).reduce((sum, cost) => sum + cost, 0)).toBeLessThan(0.0024);
		expect(costs.reduce((sum, cost) => sum + cost, 0)).toBeGreaterThan(0.003);
		expect(sessions.slice(0, 3).flatMap(session => budgetAlerts(session))).toEqual([]);
		const crossed = budgetAlerts(sessions[3]!);
		expect(crossed.map(alert => [alert.metric, alert.severity])).toEqual([['cost', 'critical']]);
		expect(crossed[0]!.message).toMatch(/^all sessions spent \$0\.00\d+ today across 4 sessions \(daily limit \$0\.003/);
	});

	test('a restart keeps the day\'s spend: stored sessions seed the daily budget', () => {
		const thresholds = budgets('[budget]\ndaily_cost_usd = 0.003\n');
		const earlier = run(thresholds, (['exec-simple', 'exec-tool', 'exec-fail'] as const).map(name => ({name}))).map(session => summarizeSession(session, prices));
		expect(earlier.every(summary => (summary.spend?.length ?? 0) > 0)).toBe(true);
		// codexmon restarted: only the loop session is seen live, the three before it are in the store.
		const engine = createSessionEngine([createDetectorObserver({thresholds, prices, storedSpend: () => earlier})]);
		for (const request of loadCapture('exec-loop')) {
			engine.applyAll(eventsOfRequest(request), {live: true});
		}

		const [loop] = [...engine.model.sessions.values()].filter(session => session.kind === 'main');
		const crossed = budgetAlerts(loop!);
		expect(crossed.map(alert => [alert.metric, alert.severity])).toEqual([['cost', 'critical']]);
		expect(crossed[0]!.message).toMatch(/today across 4 sessions/);
		// Without the seed the loop session alone ($0.0025) only reaches the warning.
		expect(budgetAlerts(run(thresholds, [{name: 'exec-loop'}])[0]!).map(alert => alert.severity)).toEqual(['warning']);
	});

	test('a daily token budget counts each session once, however many events updated it', () => {
		const thresholds = budgets('[budget]\ndaily_tokens = 14000\n');
		const [simple, loop] = run(thresholds, [{name: 'exec-simple'}, {name: 'exec-loop'}]);
		// 1,042 + 12,200 = 13,242: over the 80 % warning (11,200), under 14,000, though the loop session was updated 8 times.
		expect(budgetAlerts(simple!)).toEqual([]);
		expect(budgetAlerts(loop!).map(alert => [alert.metric, alert.severity, alert.evidence.value])).toEqual([['tokens', 'warning', 13_242]]);
	});

	test('a team budget applies to that team\'s sessions only, and says so', () => {
		const thresholds = budgets('[budget.team.payments]\nsession_cost_usd = 0.0005\n\n[budget.project.search]\ndaily_tokens = 1000\n');
		const [payments, platform, search] = run(thresholds, [
			{name: 'exec-tool', resource: {team: 'payments'}},
			{name: 'exec-fail', resource: {team: 'platform'}},
			{name: 'exec-simple', resource: {project: 'search'}},
		]);
		expect(budgetAlerts(payments!).map(alert => [alert.metric, alert.severity, alert.message])).toEqual([['cost', 'warning', expect.stringContaining('for team=payments') as unknown]]);
		expect(budgetAlerts(platform!)).toEqual([]);
		expect(budgetAlerts(search!).map(alert => [alert.metric, alert.severity, alert.message])).toEqual([['tokens', 'critical', 'project=search used 1k tokens today across 1 session (daily limit 1k)']]);
	});

	test('a mistyped team budget is an error naming it', () => {
		expect(() => budgets('[budget.team.payments]\nsession_cost = 2\n')).toThrow(ConfigFileError);
		expect(() => budgets('[budget.team.payments]\nsession_cost = 2\n')).toThrow(/unknown key budget\.team\.payments\.session_cost \(did you mean session_cost_usd/);
		expect(() => budgets('[budget.team]\npayments = 3\n')).toThrow(/budget\.team\.payments must be a table/);
	});
});
