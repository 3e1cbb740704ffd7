import {describe, expect, test} from 'vitest';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {continuesMerge} from '../../source/model/merge-continuation.js';
import {mergeSources, mergeSourcesWithFacts, turnIdOf} from '../../source/model/merge-sources.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import type {StoredEvent} from '../../source/model/stored-event.js';
import {eventsOfCaptureFrom} from '../helpers/pipeline.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';

/**
 * The real tui-session (0.171.0): its rollout, and its telemetry without the second turn, as if codexmon had missed
 * that turn's telemetry. The merge keeps the rollout's second turn; what may follow the merge without a new one?
 */
const rollout = rolloutToEvents(loadRolloutsFrom('codex-0.171.0', 'tui-session')[0]!.text.split('\n'));
const conversationId = rollout.events[0]!.event.conversationId;
const telemetry = eventsOfCaptureFrom('codex-0.171.0', 'tui-session').filter(event => event.conversationId === conversationId);
const [first, second] = rollout.turns;
const last = rollout.turns.at(-1)!;
const inSecond = (event: CodexEvent) => turnIdOf(event) === second!.turnId || (turnIdOf(event) === undefined && event.atMs >= second!.startMs - 1000 && event.atMs <= second!.endMs + 1000);
const stored = (events: readonly CodexEvent[]): StoredEvent[] => events.map((event, index) => ({seq: index + 1, receivedMs: event.atMs, event}));
const withoutSecond = stored(telemetry.filter(event => !inSecond(event)));
const {facts} = mergeSourcesWithFacts(withoutSecond, rollout);
const fold = {facts, trailerById: true};
const ofSecond = (kind: CodexEvent['kind'], withId: boolean) => {
	const found = telemetry.find(event => event.kind === kind && inSecond(event) && (turnIdOf(event) !== undefined) === withId);
	if (!found) {
		throw new Error(`the capture has no ${kind} in its second turn`);
	}

	return found;
};

describe('a merge of a real rollout with telemetry that missed its second turn', () => {
	test('the merge is as before: the rollout\'s second turn is kept, in the middle, and nothing waits at the end', () => {
		expect(rollout.turns.length).toBeGreaterThan(3);
		expect(mergeSourcesWithFacts(withoutSecond, rollout).events).toEqual(mergeSources(withoutSecond, rollout));
		expect(facts.coveredTurnIds.has(first!.turnId)).toBe(true);
		expect(facts.coveredTurnIds.has(second!.turnId)).toBe(false);
		expect(facts.trailingBlocks).toBe(0);
	});

	test('telemetry after the rollout\'s last turn follows the merge', () => {
		const prompt = ofSecond('user_prompt', false);
		expect(continuesMerge(fold, [{...prompt, atMs: last.endMs + 5000}])).toBe(true);
		expect(continuesMerge(fold, [])).toBe(true);
	});

	test('telemetry of a turn the merge already took from telemetry follows it (by id)', () => {
		const ofFirst = telemetry.find(event => turnIdOf(event) === first!.turnId)!;
		expect(continuesMerge(fold, [ofFirst])).toBe(true);
	});

	test('telemetry that falls in the rollout turn the merge kept needs a new merge: by its time, or by its turn id', () => {
		const prompt = ofSecond('user_prompt', false);
		expect(continuesMerge(fold, [prompt])).toBe(false);
		expect(continuesMerge(fold, [{...prompt, atMs: last.endMs + 5000}, prompt])).toBe(false);
		const answer = ofSecond('agent_response', true);
		expect(continuesMerge(fold, [{...answer, atMs: last.endMs + 5000}])).toBe(false);
	});

	test('a turn outcome among the new events (as `codexmon export` writes them) needs a new merge: the last outcome of a turn wins', () => {
		const outcome = rollout.events.find(({event}) => event.kind === 'turn_outcome' && event.turnId === last.turnId)!.event;
		expect(continuesMerge(fold, [{...outcome, atMs: last.endMs + 5000}])).toBe(false);
	});

	test('a rollout outcome matched by time, rollout turns waiting at the end, or no telemetry before: a new merge', () => {
		const later = {...ofSecond('user_prompt', false), atMs: last.endMs + 5000};
		expect(continuesMerge({facts, trailerById: false}, [later])).toBe(false);
		const onlyFirst = mergeSourcesWithFacts(stored(telemetry.filter(event => event.atMs < second!.startMs - 1000)), rollout).facts;
		expect(onlyFirst.trailingBlocks).toBeGreaterThan(0);
		expect(continuesMerge({facts: onlyFirst, trailerById: true}, [later])).toBe(false);
		expect(continuesMerge({facts: mergeSourcesWithFacts([], rollout).facts, trailerById: true}, [later])).toBe(false);
	});
});
