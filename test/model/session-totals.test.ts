import {describe, expect, test} from 'vitest';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {sessionModelRequestCount, sessionUsage} from '../../source/model/selectors.js';
import {sessionCostUsd, turnCostUsd, turnsByModel, usageByModel} from '../../source/model/session-cost.js';
import {localDay} from '../../source/model/session-document.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import {spendBuckets} from '../../source/model/spend-buckets.js';
import type {Session} from '../../source/model/session.js';
import {sessionTotals} from '../../source/model/session-totals.js';
import {CAPTURE_SETS, captureNamesOf} from '../helpers/captures.js';
import {eventsOfCaptureFrom} from '../helpers/pipeline.js';
import {generateLongSession} from '../bench/long-session-events.js';

const prices = createPriceBook();

/** What the running totals must equal: the from-scratch selectors, over every request of every turn. */
function fromScratch(session: Session) {
	return {
		usage: sessionUsage(session),
		costUsd: sessionCostUsd(session, prices),
		modelRequests: sessionModelRequestCount(session),
		completedDurationsMs: session.turns.flatMap(turn => turn.modelRequests.filter(request => request.completed).map(request => request.endMs - request.startMs)).sort((a, b) => a - b),
		turnCosts: session.turns.map(turn => turnCostUsd(session, turn, prices)),
	};
}

function costByDayFromScratch(session: Session): Record<string, number> {
	const days: Record<string, number> = {};
	for (const turn of session.turns) {
		const cost = turnCostUsd(session, turn, prices);
		if (cost) {
			days[localDay(turn.startedAtMs)] = (days[localDay(turn.startedAtMs)] ?? 0) + cost;
		}
	}

	return days;
}

/**
 * Folds the events one by one, checking the touched session's running totals against a recount after every
 * `every`th event (a commit applies many events between two summaries).
 */
function expectTotalsAfterEveryEvent(events: readonly CodexEvent[], every = 1): number {
	const engine = createSessionEngine();
	let checks = 0;
	for (const [index, event] of events.entries()) {
		const session = engine.apply(event);
		if ((index + 1) % every !== 0) {
			continue;
		}

		const totals = sessionTotals(session, prices);
		const expected = fromScratch(session);
		expect({usage: totals.usage, costUsd: totals.costUsd, modelRequests: totals.modelRequests, completedDurationsMs: [...totals.completedDurationsMs], turnCosts: totals.turns.map(turn => turn.costUsd)}).toEqual(expected);
		const summary = summarizeSession(session, prices);
		expect({tokens: summary.tokens, costUsd: summary.costUsd, modelRequests: summary.modelRequests, usageByModel: summary.usageByModel, turnsByModel: summary.turnsByModel, costByDay: summary.costByDay, spend: summary.spend})
			.toStrictEqual({tokens: expected.usage, costUsd: expected.costUsd, modelRequests: expected.modelRequests, usageByModel: usageByModel(session), turnsByModel: turnsByModel(session), costByDay: costByDayFromScratch(session), spend: spendBuckets(session)});
		checks++;
	}

	return checks;
}

describe('running session totals equal a recount after every event', () => {
	for (const set of CAPTURE_SETS) {
		for (const name of captureNamesOf(set)) {
			test(`${set} ${name}: in arrival order, and with every span before the logs`, () => {
				const events = eventsOfCaptureFrom(set, name);
				expect(expectTotalsAfterEveryEvent(events)).toBe(events.length);
				for (const every of [3, 7]) {
					expectTotalsAfterEveryEvent(events, every);
				}

				// Spans first: turns are made by their spans, then matched by prompts; late logs fill them.
				const spansFirst = [...events.filter(event => 'startMs' in event), ...events.filter(event => !('startMs' in event))];
				expectTotalsAfterEveryEvent(spansFirst);
				expectTotalsAfterEveryEvent(spansFirst, 5);
				// Newest first: every turn is inserted before the ones already there.
				expectTotalsAfterEveryEvent([...events].reverse());
			});
		}
	}

	test('a generated long session (the bench\'s shape): late spans of the previous turn, 300 requests', () => {
		const session = generateLongSession(300);
		const events = session.batches.flatMap(batch => batch.events);
		expect(expectTotalsAfterEveryEvent(events)).toBe(session.events);
		expectTotalsAfterEveryEvent(events, 11);
	});

	test('a generated session of 200 turns (past the summary\'s checkpoints), in order and newest turn first', () => {
		const session = generateLongSession(2000);
		const events = session.batches.flatMap(batch => batch.events);
		expectTotalsAfterEveryEvent(events, 13);
		// Each turn's events newest first: every turn is inserted before all the others, so every checkpoint moves.
		expectTotalsAfterEveryEvent(session.batches.toReversed().flatMap(batch => batch.events), 29);
	});
});
