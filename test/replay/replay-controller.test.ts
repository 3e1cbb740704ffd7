import {describe, expect, test} from 'vitest';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {createReplayController} from '../../source/replay/replay-controller.js';
import type {StoredEvent} from '../../source/store/event-log.js';
import {CAPTURE_NAMES, loadCapture, type CaptureName} from '../helpers/captures.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {eventsOfRequest, reduceEvents} from '../helpers/pipeline.js';

/** A capture as the store holds it: events in arrival order, stamped with the request's arrival time. */
function storedEvents(name: CaptureName, conversationId?: string): StoredEvent[] {
	let seq = 0;
	return loadCapture(name).flatMap(request => eventsOfRequest(request).map(event => ({seq: ++seq, receivedMs: request.tMs, event})))
		.filter(stored => conversationId === undefined || stored.event.conversationId === conversationId);
}

function mainConversation(name: CaptureName): string {
	return [...reduceEvents(storedEvents(name).map(stored => stored.event)).sessions.values()].find(session => session.kind === 'main')!.conversationId;
}

function replay(events: StoredEvent[], speed: number | 'max' = 1) {
	const clock = createFakeClock();
	let changes = 0;
	const hub = createSessionHub();
	const controller = createReplayController({events, hub, onChange: () => changes++, clock, speed});
	return {controller, hub, clock, changes: () => changes};
}

describe('faithfulness: a replay that reaches the end equals the session', () => {
	test.each(CAPTURE_NAMES)('%s', name => {
		const conversationId = mainConversation(name);
		const events = storedEvents(name, conversationId);
		const {controller, hub, clock} = replay(events, 'max');
		controller.play();
		clock.runAll();
		expect(controller.position()).toMatchObject({index: events.length, total: events.length, playing: false});
		const replayed = buildSessionDocument(hub.getSession(conversationId)!);
		const direct = buildSessionDocument(reduceEvents(events.map(stored => stored.event)).sessions.get(conversationId)!);
		expect(replayed).toEqual(direct);
	});
});

describe('timing', () => {
	const events = storedEvents('exec-loop');

	test('events arrive with their original gaps, scaled by the speed', () => {
		const {controller, clock} = replay(events, 2);
		controller.play();
		clock.advance(0);
		const firstBatch = controller.position().index;
		expect(firstBatch).toBeGreaterThan(0);
		expect(events.slice(0, firstBatch).every(stored => stored.receivedMs === events[0]!.receivedMs)).toBe(true);
		const gap = events[firstBatch]!.receivedMs - events[0]!.receivedMs;
		clock.advance(gap / 2 - 1);
		expect(controller.position().index).toBe(firstBatch);
		clock.advance(1);
		expect(controller.position().index).toBeGreaterThan(firstBatch);
	});

	test('pause stops time; play resumes; + and - change speed', () => {
		const {controller, clock} = replay(events, 1);
		controller.play();
		clock.advance(0);
		controller.pause();
		const at = controller.position().index;
		clock.advance(60_000);
		expect(controller.position()).toMatchObject({index: at, playing: false});
		controller.faster();
		expect(controller.position().speed).toBe(2);
		controller.slower();
		controller.slower();
		expect(controller.position().speed).toBe(0.5);
		controller.toggle();
		clock.runAll();
		expect(controller.position()).toMatchObject({index: events.length, playing: false});
	});
});

describe('a session resumed days later (an imported rollout)', () => {
	const conversationId = mainConversation('tui-session');
	const recorded = storedEvents('tui-session', conversationId);
	const resumedAt = recorded.findIndex((stored, index) => stored.event.kind === 'user_prompt' && index > recorded.length / 2);
	const sixDays = 6 * 86_400_000;
	const events = recorded.map((stored, index) => index >= resumedAt ? {...stored, receivedMs: stored.receivedMs + sixDays} : stored);
	const recordedMs = recorded.at(-1)!.receivedMs - recorded[0]!.receivedMs;

	test('the idle days count as the 10 s the replay waits, in the position and the duration', () => {
		const {controller, clock} = replay(events, 1);
		expect(controller.position()).toMatchObject({elapsedMs: 0});
		// Not 0ms/144h: the replay lasts what it plays, at most 10 s for the pause.
		expect(controller.position().durationMs).toBeLessThanOrEqual(recordedMs + 10_000);
		expect(controller.position().durationMs).toBeGreaterThan(10_000);
		controller.play();
		clock.runAll();
		expect(controller.position()).toMatchObject({index: events.length, playing: false});
		expect(controller.position().elapsedMs).toBe(controller.position().durationMs);
		controller.toStart();
		for (let index = 0; index < resumedAt + 1; index++) {
			controller.stepForward();
		}

		const before = recorded[resumedAt - 1]!.receivedMs - recorded[0]!.receivedMs;
		expect(controller.position().elapsedMs).toBeLessThanOrEqual(before + 10_000);
	});

	test('read in parts, it shows the same times', () => {
		const clock = createFakeClock();
		const controller = createReplayController({events: events.slice(0, resumedAt - 3), incomplete: {expectedTotal: events.length}, hub: createSessionHub(), onChange() {}, clock});
		controller.append(events.slice(resumedAt - 3), true);
		expect(controller.position().durationMs).toBe(replay(events).controller.position().durationMs);
	});
});

describe('stepping and jumping', () => {
	const conversationId = mainConversation('tui-session');
	const events = storedEvents('tui-session', conversationId);

	test('← and → move one event; 0 and $ go to the ends', () => {
		const {controller, hub} = replay(events);
		controller.stepForward();
		controller.stepForward();
		expect(controller.position().index).toBe(2);
		controller.stepBack();
		expect(controller.position().index).toBe(1);
		controller.toEnd();
		const end = buildSessionDocument(hub.getSession(conversationId)!);
		expect(controller.position().index).toBe(events.length);
		controller.stepBack();
		controller.stepForward();
		expect(buildSessionDocument(hub.getSession(conversationId)!)).toEqual(end);
		controller.toStart();
		expect(controller.position()).toMatchObject({index: 0, turn: 0});
		expect([...hub.sessions()].length).toBe(0);
	});

	test('[ and ] jump between turns', () => {
		const {controller, hub} = replay(events);
		expect(controller.position().turns).toBe(7);
		controller.nextTurn();
		controller.nextTurn();
		controller.nextTurn();
		expect(controller.position().turn).toBe(3);
		expect(hub.getSession(conversationId)!.turns).toHaveLength(3);
		controller.previousTurn();
		expect(controller.position().turn).toBe(2);
		controller.stepForward();
		controller.previousTurn();
		expect(controller.position().turn).toBe(2);
		for (let index = 0; index < 10; index++) {
			controller.nextTurn();
		}

		expect(controller.position().index).toBe(events.length);
	});
});

describe('a long recording read while it plays', () => {
	test('given in parts, it waits at the end of what is read, shows the full count, and ends as if given whole', () => {
		const name = 'tui-session';
		const conversationId = mainConversation(name);
		const events = storedEvents(name, conversationId);
		const split = Math.floor(events.length / 3);
		const clock = createFakeClock();
		const hub = createSessionHub();
		const controller = createReplayController({events: events.slice(0, split), incomplete: {expectedTotal: events.length}, hub, onChange() {}, clock, speed: 'max'});
		controller.play();
		clock.runAll();
		// Everything read so far is played; the replay is still playing, waiting for the rest.
		expect(controller.position()).toMatchObject({index: split, total: events.length, playing: true});
		controller.append(events.slice(split, 2 * split), false);
		clock.runAll();
		expect(controller.position()).toMatchObject({index: 2 * split, playing: true});
		controller.append(events.slice(2 * split), true);
		clock.runAll();
		expect(controller.position()).toMatchObject({index: events.length, total: events.length, playing: false});
		expect(controller.position().turns).toBe(events.filter(stored => stored.event.kind === 'user_prompt').length);
		const direct = buildSessionDocument(reduceEvents(events.map(stored => stored.event)).sessions.get(conversationId)!);
		expect(buildSessionDocument(hub.getSession(conversationId)!)).toEqual(direct);
	});
});
