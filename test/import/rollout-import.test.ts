import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test, vi} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {buildSessionDocument, type SessionDocument} from '../../source/model/session-document.js';
import {createEngine} from '../../source/app/create-engine.js';
import {followDatabase} from '../../source/app/follow-database.js';
import {createIngest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {openDatabase, type Db} from '../../source/store/database.js';
import {CAPTURE_NAMES, loadCapture, type CaptureName} from '../helpers/captures.js';
import {loadRollouts, writeCodexHome} from '../helpers/rollouts.js';

const config = resolveConfig({config: '/dev/null'});
const directories: string[] = [];
afterAll(() => {
	for (const directory of directories) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

function scratch(): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-import-'));
	directories.push(directory);
	return directory;
}

type Store = {db: Db; ingest: ReturnType<typeof createIngest>; hub: ReturnType<typeof createSessionHub>; home: string};

function openStore(): Store {
	const directory = scratch();
	const db = openDatabase(path.join(directory, 'codexmon.db'));
	const hub = createSessionHub({createEngine: () => createEngine(config)});
	return {db, hub, ingest: createIngest(db, hub, {prices: config.prices}), home: path.join(directory, 'codex')};
}

function postOtlp(store: Store, name: CaptureName): void {
	for (const request of loadCapture(name)) {
		const encoding = request.contentType.includes('json') ? 'json' : 'protobuf';
		store.ingest.ingest(decodeExport(signalFromPath(request.path), encoding, request.body), request.body, Date.now());
	}
}

function importRollouts_(store: Store, name: CaptureName) {
	writeCodexHome(store.home, loadRollouts(name));
	const totals = importRollouts(store.db, findRollouts(rolloutDirectories(store.home)), {createEngine: () => createEngine(config), prices: config.prices});
	store.ingest.refresh(totals.changed);
	return totals;
}

function rolloutIds(name: CaptureName): string[] {
	return loadRollouts(name).map(({text}) => rolloutToEvents(text.split('\n')).conversationId!);
}

function documentOf(store: Store, conversationId: string): SessionDocument {
	const session = loadSession(store.db, conversationId, createEngine(config));
	expect(session, conversationId).toBeDefined();
	return buildSessionDocument(session!, config.prices);
}

/**
 * The figures both sources carry. Rollouts have no decisions (telemetry only), and a call aborted by
 * Esc has its arguments only there; a redacted prompt is redacted only in telemetry.
 */
function figures(document: SessionDocument) {
	return {
		kind: document.kind,
		parent: document.parentConversationId,
		entry: document.entry,
		model: document.model,
		modelRequests: document.modelRequests,
		tokens: document.tokens,
		turns: document.turns.map(turn => ({turnId: turn.turnId, modelRequests: turn.modelRequests, toolCalls: turn.toolCalls, tokens: turn.tokens})),
		toolCalls: document.toolCalls.map(call => ({turn: call.turnIndex, tool: call.tool, arguments: call.aborted ? '(aborted)' : call.arguments, aborted: call.aborted})),
		alerts: document.alerts.map(alert => ({kind: alert.kind, pattern: alert.pattern, metric: alert.metric, calls: alert.callIds.length})),
	};
}

describe.each(CAPTURE_NAMES)('%s: its rollout imported', name => {
	test('gives the figures its telemetry gives, and both together give them once', () => {
		const viaOtlp = openStore();
		postOtlp(viaOtlp, name);
		const viaRollout = openStore();
		const totals = importRollouts_(viaRollout, name);
		expect(totals.skipped).toEqual({});
		const otlpFirst = openStore();
		postOtlp(otlpFirst, name);
		importRollouts_(otlpFirst, name);
		const rolloutFirst = openStore();
		importRollouts_(rolloutFirst, name);
		postOtlp(rolloutFirst, name);

		const ids = rolloutIds(name);
		expect(ids.length).toBeGreaterThan(0);
		for (const id of ids) {
			const expected = documentOf(viaOtlp, id);
			expect(expected.turns.length).toBeGreaterThan(0);
			expect(figures(documentOf(viaRollout, id))).toEqual(figures(expected));
			// Both sources: telemetry is primary, so the decisions it alone carries are there, and nothing twice.
			for (const store of [otlpFirst, rolloutFirst]) {
				const both = documentOf(store, id);
				expect(figures(both)).toEqual(figures(expected));
				expect(both.decisions).toEqual(expected.decisions);
				expect(buildSessionDocument(store.hub.getSession(id)!, config.prices).tokens).toEqual(expected.tokens);
			}
		}

		for (const store of [viaOtlp, viaRollout, otlpFirst, rolloutFirst]) {
			store.db.close();
		}
	});
});

describe('import', () => {
	test('twice changes nothing; a file that grew replaces what it gave', () => {
		const store = openStore();
		const first = importRollouts_(store, 'exec-loop');
		expect(first).toMatchObject({files: 1, sessions: 1, turns: 1, unchanged: 0});
		const [id] = rolloutIds('exec-loop');
		const before = documentOf(store, id!);
		const again = importRollouts(store.db, findRollouts(rolloutDirectories(store.home)), {createEngine: () => createEngine(config), prices: config.prices});
		expect(again).toMatchObject({files: 1, sessions: 0, unchanged: 1});
		expect(documentOf(store, id!)).toEqual(before);
		// Written again unchanged (a copy, a touch): read again, and still the same session.
		expect(importRollouts_(store, 'exec-loop')).toMatchObject({sessions: 1, unchanged: 0});
		expect(documentOf(store, id!)).toEqual(before);

		// The same file, written again with a second turn's worth of lines appended (as Codex appends).
		const [rollout] = loadRollouts('exec-loop');
		const lines = rollout!.text.trim().split('\n');
		const [file] = findRollouts(rolloutDirectories(store.home));
		fs.appendFileSync(file!.path, `${lines.filter(line => line.includes('"token_usage_record"')).slice(0, 1).map(line => line.replace('"timestamp":"2026-11-25T02:40:0', '"timestamp":"2026-11-25T02:41:0').replace(/"response_id":"([^"]+)"/, '"response_id":"$1-next"')).join('\n')}\n`);
		const grown = importRollouts(store.db, findRollouts(rolloutDirectories(store.home)), {createEngine: () => createEngine(config), prices: config.prices});
		expect(grown.sessions).toBe(1);
		const after = documentOf(store, id!);
		expect(after.modelRequests).toBe(before.modelRequests + 1);
		expect(after.toolCalls).toHaveLength(before.toolCalls.length);
		store.db.close();
	});

	test('unknown record types and malformed lines are counted and skipped, never fatal', () => {
		const [rollout] = loadRollouts('exec-tool');
		const lines = rollout!.text.trim().split('\n');
		const noisy = [lines[0], '{"not json', '[1,2]', '{"timestamp":"2026-11-25T02:39:53.300Z","type":"future_record","payload":{}}', '{"type":"event_msg","payload":{"type":"task_started"}}', ...lines.slice(1)];
		const clean = rolloutToEvents(lines);
		const conversion = rolloutToEvents(noisy as string[]);
		expect(conversion.skipped).toEqual({'malformed JSON': 1, 'not a record': 1, 'type future_record': 1, 'no timestamp': 1});
		expect(conversion.events).toEqual(clean.events);
	});

	test('without token_usage_record lines, per-request usage comes from token_count totals, duplicates included once', () => {
		const [rollout] = loadRollouts('tui-session');
		const lines = rollout!.text.trim().split('\n');
		const withoutRecords = lines.filter(line => !line.includes('"type":"token_usage_record"'));
		// Codex may repeat a token_count with the same totals: it adds nothing.
		const repeated = withoutRecords.flatMap(line => line.includes('"type":"token_count"') ? [line, line] : [line]);
		const engine = (events: ReturnType<typeof rolloutToEvents>['events']) => {
			const built = createEngine(config);
			built.applyAll(events.map(({event}) => event));
			return buildSessionDocument([...built.model.sessions.values()][0]!, config.prices);
		};

		const expected = engine(rolloutToEvents(lines).events);
		const derived = engine(rolloutToEvents(repeated).events);
		expect(derived.tokens).toEqual(expected.tokens);
		expect(derived.turns.map(turn => turn.tokens)).toEqual(expected.turns.map(turn => turn.tokens));
		expect(derived.modelRequests).toBe(expected.modelRequests);
	});
});

describe('a read-only viewer of a database with an imported rollout', () => {
	test('rebuilds that session when telemetry for it arrives, so nothing counts twice', async () => {
		const writer = openStore();
		importRollouts_(writer, 'exec-loop');
		const [id] = rolloutIds('exec-loop');
		const viewerHub = createSessionHub({createEngine: () => createEngine(config)});
		const follower = followDatabase(writer.db, viewerHub);
		try {
			await vi.waitFor(() => expect(viewerHub.getSession(id!)).toBeDefined());
			expect(buildSessionDocument(viewerHub.getSession(id!)!, config.prices).tokens.total).toBe(12_200);
			postOtlp(writer, 'exec-loop');
			// Telemetry brings the decisions; the tokens stay those of one session.
			await vi.waitFor(() => expect(buildSessionDocument(viewerHub.getSession(id!)!, config.prices).decisions.approved).toBe(7), {timeout: 5000});
			expect(buildSessionDocument(viewerHub.getSession(id!)!, config.prices).tokens.total).toBe(12_200);
		} finally {
			follower.stop();
			writer.db.close();
		}
	});
});
