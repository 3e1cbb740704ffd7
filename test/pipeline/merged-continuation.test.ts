import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createEngine} from '../../source/app/create-engine.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {createIngest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {createSessionHub, type SessionHub} from '../../source/hub/session-hub.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import type {Session} from '../../source/model/session.js';
import {sessionTotals} from '../../source/model/session-totals.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {openDatabase} from '../../source/store/database.js';
import {captureNamesOf, FIXTURES_DIR, loadCaptureFrom, type CapturedRequest, type CaptureSet} from '../helpers/captures.js';
import {temporaryDirectory} from '../helpers/cli.js';
import {eventsOfRequest} from '../helpers/pipeline.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';
import {createTurnConversations} from '../../source/model/working-directory.js';

/**
 * A conversation with an imported rollout is merged once; the live batches after it are folded in on top while a new
 * merge would give the same session. Whatever the order the two sources arrive in, the session in memory after each
 * step must be the session a whole rebuild from the store gives (what `show --json` shows).
 */
const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const settings = resolveConfig({}, {HOME: directory, XDG_CONFIG_HOME: directory});
const NOW_MS = Date.parse('2027-01-01');

type Rollout = {file: string; text: string};
/**
 * One step of a scenario: a captured request posted, one of its events alone (the finest batches a receiver could
 * get), or the rollouts as far as they were written by then imported.
 */
type Step = {post: CapturedRequest} | {event: CodexEvent} | {rollouts: Rollout[]};

const CAPTURES = (['codex-0.169.0', 'codex-0.171.0', 'codex-0.171.0-ws'] as const satisfies readonly CaptureSet[])
	.flatMap(set => captureNamesOf(set).filter(name => fs.existsSync(path.join(FIXTURES_DIR, set, name, 'rollout'))).map(name => ({set, name})));

/** The first `fraction` of each rollout's lines (a file Codex is still writing), cut after a whole line. */
function rolloutPrefix(rollouts: readonly Rollout[], fraction: number): Rollout[] {
	return rollouts.map(({file, text}) => {
		const lines = text.split('\n').filter(Boolean);
		return {file, text: lines.slice(0, Math.ceil(lines.length * fraction)).map(line => `${line}\n`).join('')};
	}).filter(rollout => rollout.text.length > 0);
}

/** Each rollout up to and including its first finished turn: imported, then the session goes on live. */
function firstTurnOf(rollouts: readonly Rollout[]): Rollout[] {
	return rollouts.map(({file, text}) => {
		const lines = text.split('\n').filter(Boolean);
		const end = lines.findIndex(line => /"type":"(task_complete|turn_aborted)"/.test(line));
		return {file, text: lines.slice(0, end === -1 ? lines.length : end + 1).map(line => `${line}\n`).join('')};
	});
}

function scenarios(requests: readonly CapturedRequest[], rollouts: readonly Rollout[], {perEvent}: {perEvent: boolean}): Record<string, Step[]> {
	const posts = requests.map(request => ({post: request}));
	const turns = createTurnConversations();
	const events = requests.flatMap(request => eventsOfRequest(request, turns)).map(event => ({event}));
	const half = Math.ceil(posts.length / 2);
	// As `--watch-sessions` sees it: the rollout grows while the telemetry arrives (four imports along the way).
	const interleaved: Step[] = [];
	for (const [position, step] of posts.entries()) {
		interleaved.push(step);
		const quarter = Math.floor(((position + 1) * 4) / posts.length);
		if (quarter > Math.floor((position * 4) / posts.length)) {
			interleaved.push({rollouts: rolloutPrefix(rollouts, quarter / 4)});
		}
	}

	return {
		'rollout first': [{rollouts: [...rollouts]}, ...posts],
		...(perEvent && {
			'rollout first, then the telemetry one event at a time': [{rollouts: [...rollouts]}, ...events],
			// Each turn whole before the next one starts: a turn's first events fall in a rollout turn no OTLP had yet.
			'rollout first, then the telemetry one event at a time in time order': [{rollouts: [...rollouts]}, ...events.toSorted((a, b) => a.event.atMs - b.event.atMs)],
		}),
		'telemetry first': [...posts.slice(0, half), {rollouts: [...rollouts]}, ...posts.slice(half)],
		interleaved,
		'first turn imported, then the session continues live': [{rollouts: firstTurnOf(rollouts)}, ...posts, {rollouts: [...rollouts]}],
	};
}

/** What a session shows and what the detectors read: its document (show --json) and its running totals. */
function figuresOf(session: Session | undefined) {
	if (!session) {
		return undefined;
	}

	const {usage, costUsd, modelRequests, completedDurationsMs} = sessionTotals(session, settings.prices);
	return {document: buildSessionDocument(session, settings.prices, NOW_MS), totals: {usage, costUsd, modelRequests, completedDurationsMs: [...completedDurationsMs]}};
}

/** Every conversation of the capture: its telemetry's and its rollouts'. */
function conversationsOf(requests: readonly CapturedRequest[], rollouts: readonly Rollout[]): string[] {
	const turns = createTurnConversations();
	const ids = new Set(requests.flatMap(request => eventsOfRequest(request, turns)).map(event => event.conversationId));
	for (const {text} of rollouts) {
		for (const {event} of rolloutToEvents(text.split('\n')).events) {
			ids.add(event.conversationId);
		}
	}

	return [...ids];
}

function run(name: string, steps: readonly Step[], conversationIds: readonly string[], wrapHub: (hub: SessionHub) => SessionHub = hub => hub) {
	const root = path.join(directory, name.replaceAll(/\W+/g, '-'), String(Math.random()).slice(2));
	const home = path.join(root, 'codex');
	const sessions = path.join(home, 'sessions', '2026', '12', '01');
	fs.mkdirSync(sessions, {recursive: true});
	const db = openDatabase(path.join(root, 'codexmon.db'));
	const hub = wrapHub(createSessionHub({createEngine: () => createEngine(settings)}));
	const ingest = createIngest(db, hub, {prices: settings.prices});
	const mismatches: string[] = [];
	let posted = 0;
	const seen = new Set<string>();
	try {
		for (const [position, step] of steps.entries()) {
			if ('post' in step) {
				const {body, contentType, path: urlPath} = step.post;
				ingest.ingest(decodeExport(signalFromPath(urlPath), contentType.includes('json') ? 'json' : 'protobuf', body), body, Date.now());
				posted++;
			} else if ('event' in step) {
				ingest.storeMany([{signal: 'logs', digest: randomBytes(16), records: 1, events: [step.event], receivedMs: Date.now()}]);
				posted++;
			} else {
				for (const rollout of step.rollouts) {
					fs.writeFileSync(path.join(sessions, rollout.file), rollout.text);
				}

				const totals = importRollouts(db, findRollouts(rolloutDirectories(home)), {createEngine: () => createEngine(settings), prices: settings.prices});
				ingest.refresh(totals.changed);
			}

			for (const conversationId of conversationIds) {
				const session = hub.getSession(conversationId);
				if (!session) {
					continue;
				}

				seen.add(conversationId);
				const incremental = figuresOf(session);
				const rebuilt = figuresOf(loadSession(db, conversationId, createEngine(settings)));
				try {
					expect(incremental).toEqual(rebuilt);
				} catch (error) {
					mismatches.push(`step ${position} (${posted} posted), ${conversationId}: ${(error as Error).message.slice(0, 2000)}`);
				}
			}
		}

		return {mismatches, counts: {...ingest.mergeCounts}, sessions: seen.size};
	} finally {
		hub.close();
		db.close();
	}
}

describe.each(CAPTURES)('$set/$name: the merged session after each live batch equals a whole rebuild', ({set, name}) => {
	const requests = loadCaptureFrom(set, name);
	const rollouts = loadRolloutsFrom(set, name);
	const conversationIds = conversationsOf(requests, rollouts);
	// Codex 0.169.0 request by request only: one event at a time is the slow part, and 0.171.0 has it.
	test.each(Object.entries(scenarios(requests, rollouts, {perEvent: set !== 'codex-0.169.0'})))('%s', (order, steps) => {
		const {mismatches, sessions} = run(`${set}-${name}-${order}`, steps, conversationIds);
		expect(sessions).toBeGreaterThan(0);
		expect(mismatches).toEqual([]);
	});
});

test('a live session that goes on after its rollout was imported is not merged again on every batch', () => {
	for (const set of ['codex-0.169.0', 'codex-0.171.0', 'codex-0.171.0-ws'] as const) {
		const requests = loadCaptureFrom(set, 'tui-session');
		const rollouts = loadRolloutsFrom(set, 'tui-session');
		const steps = scenarios(requests, rollouts, {perEvent: false})['first turn imported, then the session continues live']!;
		const {mismatches, counts} = run(`${set}-continues`, steps, conversationsOf(requests, rollouts));
		expect(mismatches).toEqual([]);
		// Batches of later turns follow the merge; a few merge again (the first telemetry of the imported turn, the
		// import of the whole rollout at the end).
		expect(counts.continued, set).toBeGreaterThan(4 * counts.rebuilds);
	}
});

test('a hub that reads the merged stream ahead of applying it makes every batch merge again, never a guess', () => {
	const requests = loadCaptureFrom('codex-0.171.0', 'tui-session');
	const rollouts = loadRolloutsFrom('codex-0.171.0', 'tui-session');
	const steps = scenarios(requests, rollouts, {perEvent: false})['first turn imported, then the session continues live']!;
	const readAhead = (hub: SessionHub): SessionHub => ({...hub, reload: (conversationId, events) => hub.reload(conversationId, [...events])});
	const {mismatches, counts} = run('read-ahead', steps, conversationsOf(requests, rollouts), readAhead);
	expect(mismatches).toEqual([]);
	expect(counts.continued).toBe(0);
	expect(counts.rebuilds).toBeGreaterThan(10);
});
