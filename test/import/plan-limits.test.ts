import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {eventToOtlp} from '../../source/export/event-to-otlp.js';
import {createOtlpJsonWriter} from '../../source/export/otlp-json-writer.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {normalizeLog} from '../../source/model/normalize-log.js';
import {buildSessionDocument, type SessionDocument} from '../../source/model/session-document.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {openDatabase, type Db} from '../../source/store/database.js';
import {FIXTURES_DIR, loadCaptureFrom} from '../helpers/captures.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';

const SET = 'codex-0.171.0';
const config = resolveConfig({config: '/dev/null'});
const directories: string[] = [];
afterAll(() => {
	for (const directory of directories) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

type GroundTruthWindow = {used_percent: number; window_minutes: number; resets_at: number} | null;
type GroundTruth = {conversations: Record<string, {last_rate_limits: {limit_id: string | null; plan_type: string | null; primary: GroundTruthWindow; secondary: GroundTruthWindow} | null; turns: Array<{outcome: string}>}>};

function groundTruth(name: string): GroundTruth {
	return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, SET, name, 'ground_truth.json'), 'utf8')) as GroundTruth;
}

/** `rateLimits` as `show --json` must give it, from the ground truth's last `token_count.rate_limits`. */
function expectedRateLimits(window: GroundTruthWindow) {
	return window && {usedPercent: window.used_percent, windowMinutes: window.window_minutes, resetsAt: new Date(window.resets_at * 1000).toISOString()};
}

/** A database that got the capture over OTLP and its rollout imported, as `--watch-sessions` does. */
function storeOf(name: string, sources: {otlp: boolean; rollout: boolean}): {db: Db; document: (id: string) => SessionDocument} {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-plan-'));
	directories.push(directory);
	const db = openDatabase(path.join(directory, 'codexmon.db'));
	const hub = createSessionHub({createEngine: () => createEngine(config)});
	const ingest = createIngest(db, hub, {prices: config.prices});
	if (sources.otlp) {
		for (const request of loadCaptureFrom(SET, name)) {
			ingest.ingest(decodeExport(signalFromPath(request.path), request.contentType.includes('json') ? 'json' : 'protobuf', request.body), request.body, Date.now());
		}
	}

	if (sources.rollout) {
		const home = path.join(directory, 'codex');
		writeCodexHome(home, loadRolloutsFrom(SET, name), '2026/12/01');
		const totals = importRollouts(db, findRollouts(rolloutDirectories(home)), {createEngine: () => createEngine(config), prices: config.prices});
		ingest.refresh(totals.changed);
	}

	return {db, document: id => buildSessionDocument(loadSession(db, id, createEngine(config))!, config.prices)};
}

describe.each(['exec-rate-limits', 'exec-usage-limit', 'tui-interrupt'])('%s: plan rate limits from the rollout', name => {
	const truth = groundTruth(name);
	test.each([
		['over OTLP with its rollout imported', {otlp: true, rollout: true}],
		['from its rollout alone', {otlp: false, rollout: true}],
	])('%s: show --json has the latest snapshot; a usage limit and a full window raise plan alerts', (_label, sources) => {
		const store = storeOf(name, sources);
		for (const [conversationId, conversation] of Object.entries(truth.conversations)) {
			const document = store.document(conversationId);
			const last = conversation.last_rate_limits;
			const hasWindow = Boolean(last?.primary ?? last?.secondary);
			expect(document.rateLimits && {primary: document.rateLimits.primary, secondary: document.rateLimits.secondary, limitId: document.rateLimits.limitId}).toEqual(hasWindow ? {primary: expectedRateLimits(last!.primary), secondary: expectedRateLimits(last!.secondary), limitId: last!.limit_id} : null);

			const planAlerts = document.alerts.filter(alert => alert.kind === 'plan');
			const failedOnLimit = conversation.turns.filter(turn => turn.outcome.includes('usage_limit_exceeded')).length;
			expect(planAlerts.filter(alert => alert.metric === 'usage-limit')).toHaveLength(failedOnLimit);
			for (const alert of planAlerts.filter(alert => alert.metric === 'usage-limit')) {
				expect(alert.severity).toBe('critical');
				expect(alert.message).toMatch(/^usage limit reached: 5h window at 100% \(resets \d\d:\d\d\)/);
				expect(alert.evidence.codexMessage).toMatch(/hit your usage limit/);
			}

			// Windows at or over 90 % warn, a full one is critical; 19.5 % and 41.5 % say nothing.
			const full = [last?.primary, last?.secondary].filter(window => window && window.used_percent >= 90);
			expect(planAlerts.filter(alert => alert.metric === 'window').map(alert => alert.severity).sort()).toEqual(full.length > 0 ? expect.arrayContaining(['critical']) : []);
		}

		store.db.close();
	});
});

test('exec-rate-limits: every token_count snapshot in order, none from lines without windows (tui-interrupt has some)', () => {
	const [rollout] = loadRolloutsFrom(SET, 'exec-rate-limits');
	const snapshots = rolloutToEvents(rollout!.text.split('\n')).events.flatMap(({event}) => event.kind === 'rate_limits' ? [[event.primary?.usedPercent, event.secondary?.usedPercent]] : []);
	expect(snapshots).toEqual([[12, 40], [14.5, 40.5], [17, 41], [19.5, 41.5]]);

	const tui = loadRolloutsFrom(SET, 'tui-interrupt').flatMap(({text}) => rolloutToEvents(text.split('\n')).events.filter(({event}) => event.kind === 'rate_limits'));
	const windowless = loadRolloutsFrom(SET, 'tui-interrupt').flatMap(({text}) => text.split('\n').filter(line => line.includes('"rate_limits":{') && line.includes('"primary":null,"secondary":null')));
	expect(windowless.length).toBeGreaterThan(0);
	expect(tui.length).toBe(loadRolloutsFrom(SET, 'tui-interrupt').flatMap(({text}) => text.split('\n').filter(line => line.includes('"type":"token_count"'))).length - windowless.length);
});

test('export: the rollout-only events survive OTLP/JSON and read back the same', () => {
	const events = loadRolloutsFrom(SET, 'exec-usage-limit').flatMap(({text}) => rolloutToEvents(text.split('\n')).events.map(({event}) => event)).filter(event => event.kind === 'rate_limits' || event.kind === 'usage_limit_reached');
	expect(events.map(event => event.kind)).toEqual(['rate_limits', 'rate_limits', 'usage_limit_reached']);
	const lines: string[] = [];
	const writer = createOtlpJsonWriter(line => lines.push(line));
	events.forEach((event, index) => {
		writer.add(eventToOtlp(event, 'codex_exec', index));
	});
	writer.end();
	const back = lines.flatMap(line => flattenExport(decodeExport(undefined, 'json', Buffer.from(line))).logs.flatMap(log => normalizeLog(log)));
	expect(back).toEqual(events);
});
