import {afterEach, describe, expect, test, vi} from 'vitest';
import {createSessionHub, type SessionHub} from '../../source/hub/session-hub.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {sessionCostUsd} from '../../source/model/session-cost.js';
import {orderedToolCalls, sessionUsage, turnUsage} from '../../source/model/selectors.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import {describeToolCall} from '../../source/model/tool-command.js';
import {eventsOfCapture} from '../helpers/pipeline.js';

const hubs: SessionHub[] = [];
afterEach(() => {
	for (const hub of hubs.splice(0)) {
		hub.close();
	}

	vi.useRealTimers();
});

function hubWith(options: Parameters<typeof createSessionHub>[0] = {}) {
	const hub = createSessionHub(options);
	hubs.push(hub);
	return hub;
}

const events = eventsOfCapture('exec-loop');
const conversationId = events[0]!.conversationId;
const thirds = [events.slice(0, events.length / 3), events.slice(events.length / 3, (2 * events.length) / 3), events.slice((2 * events.length) / 3)];

describe('one hub: ingest publishes on its own', () => {
	test('a burst of batches is one publish after the flush window, with no call to tell it', () => {
		vi.useFakeTimers();
		const hub = hubWith({flushMs: 50});
		const listener = vi.fn();
		hub.subscribe(listener);
		const before = hub.getSnapshot();
		for (const batch of thirds) {
			hub.ingest(batch, {live: true});
		}

		expect(listener).not.toHaveBeenCalled();
		expect(hub.getSnapshot()).toBe(before);
		vi.advanceTimersByTime(50);
		expect(listener).toHaveBeenCalledTimes(1);
		const after = hub.getSnapshot();
		expect(after.version).toBe(before.version + 1);
		expect(after.sessions.get(conversationId)?.session.turns.length).toBeGreaterThan(0);
		vi.advanceTimersByTime(500);
		expect(listener).toHaveBeenCalledTimes(1);
	});

	test('with nobody subscribed nothing waits on a timer: the snapshot asked for is the present', () => {
		const hub = hubWith();
		hub.ingest(events);
		expect(hub.getSnapshot().sessions.get(conversationId)?.version).toBe(hub.getSession(conversationId)!.version);
	});

	test('a counter changed through count() is published like a session change', () => {
		vi.useFakeTimers();
		const hub = hubWith({flushMs: 50});
		const listener = vi.fn();
		hub.subscribe(listener);
		hub.count(stats => {
			stats.decodeErrors++;
			stats.lastError = '400 bad body';
		});
		vi.advanceTimersByTime(50);
		expect(listener).toHaveBeenCalledTimes(1);
		expect(hub.getSnapshot().stats).toMatchObject({decodeErrors: 1, lastError: '400 bad body'});
	});
});

describe('views: computed once per change, never changed after', () => {
	test('a view has the figures the model gives, and keeps them when the session moves on', () => {
		const prices = createPriceBook();
		const hub = hubWith({flushMs: 0, prices});
		hub.subscribe(() => undefined);
		hub.ingest(thirds[0]!);
		const early = hub.getSnapshot().sessions.get(conversationId)!;
		const earlyUsage = early.usage;
		const earlyTurns = early.turns.length;
		const earlyCalls = early.calls.length;
		expect(Object.isFrozen(early)).toBe(true);

		hub.ingest([...thirds[1]!, ...thirds[2]!]);
		const late = hub.getSnapshot().sessions.get(conversationId)!;
		expect(late).not.toBe(early);
		expect(early.usage).toBe(earlyUsage);
		expect(early.turns.length).toBe(earlyTurns);
		expect(late.usage.total).toBeGreaterThan(earlyUsage.total);

		const session = hub.getSession(conversationId)!;
		expect(late.usage).toEqual(sessionUsage(session));
		expect(late.costUsd).toBeCloseTo(sessionCostUsd(session, prices)!, 12);
		expect(late.turns.map(figures => figures.usage)).toEqual(session.turns.map(turn => turnUsage(turn)));
		expect(late.calls.map(call => call.command)).toEqual(orderedToolCalls(session).map(call => describeToolCall(call)));
		expect(late.calls.length).toBeGreaterThan(earlyCalls);
		expect(late.summary).toEqual(summarizeSession(session, prices));
		expect(late.timeline.map(turn => turn.key)).toEqual(session.turns.map(turn => `turn:${turn.index}`));
	});

	test('a session nothing touched keeps the same view object, so what is drawn from it is not redone', () => {
		const hub = hubWith({flushMs: 0});
		hub.subscribe(() => undefined);
		const other = eventsOfCapture('exec-tool');
		hub.ingest(other);
		const untouched = hub.getSnapshot().sessions.get(other[0]!.conversationId)!;
		hub.ingest(events);
		expect(hub.getSnapshot().sessions.get(other[0]!.conversationId)).toBe(untouched);
	});

	test('the summary ingest wrote is the one the view shows, unless the session changed after it was written', () => {
		vi.useFakeTimers();
		const prices = createPriceBook();
		const hub = hubWith({flushMs: 50, prices});
		hub.subscribe(() => undefined);
		const [session] = hub.ingest(thirds[0]!);
		const written = summarizeSession(session!, prices);
		hub.adoptSummaries(new Map([[session!, written]]));
		vi.advanceTimersByTime(50);
		expect(hub.getSnapshot().sessions.get(conversationId)!.summary).toBe(written);

		hub.ingest(thirds[1]!);
		const stale = summarizeSession(session!, prices);
		hub.adoptSummaries(new Map([[session!, stale]]));
		hub.ingest(thirds[2]!);
		vi.advanceTimersByTime(50);
		const {summary} = hub.getSnapshot().sessions.get(conversationId)!;
		expect(summary).not.toBe(stale);
		expect(summary).toEqual(summarizeSession(session!, prices));
	});
});

describe('reset: what a replay stepping back needs', () => {
	test('forgets every session and its view, then folds what it is given', () => {
		const hub = hubWith({flushMs: 0});
		hub.subscribe(() => undefined);
		hub.ingest([...events, ...eventsOfCapture('exec-tool')]);
		expect(hub.getSnapshot().sessions.size).toBe(2);
		hub.reset(thirds[0]);
		const snapshot = hub.getSnapshot();
		expect([...snapshot.sessions.keys()]).toEqual([conversationId]);
		const replayed = createSessionHub();
		replayed.ingest(thirds[0]!);
		expect(snapshot.sessions.get(conversationId)!.usage).toEqual(replayed.getSnapshot().sessions.get(conversationId)!.usage);
		hub.reset();
		expect(hub.getSnapshot().sessions.size).toBe(0);
	});
});
