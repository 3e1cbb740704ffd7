import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {openDatabase} from '../../source/store/database.js';
import {conversationEvents, createEventLog} from '../../source/store/event-log.js';
import {createSessionIndex} from '../../source/store/session-index.js';
import {generateLongSession, REQUESTS_PER_TURN} from '../bench/long-session-events.js';
import {temporaryDirectory} from '../helpers/cli.js';
import {eventsOfCaptureFrom} from '../helpers/pipeline.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const settings = resolveConfig({}, {HOME: directory, XDG_CONFIG_HOME: directory});
const receiver = (dbPath: string) => {
	const db = openDatabase(dbPath);
	const hub = createSessionHub({createEngine: () => createEngine(settings)});
	return {db, hub, ingest: createIngest(db, hub, {prices: settings.prices})};
};

test('a long stored session resumes in chunks: others are applied meanwhile, and it ends as a rebuild from the store', async () => {
	const dbPath = path.join(directory, 'long.db');
	// 800 requests (5,600 events): past the size that resumes at once, in the captures' shape.
	const long = generateLongSession(800);
	const first = receiver(dbPath);
	for (const batch of long.batches) {
		first.ingest.storeMany([batch]);
	}

	first.hub.close();
	first.db.close();

	// A restart: the session continues with one more turn, and another session (a real capture) arrives meanwhile.
	const restarted = receiver(dbPath);
	try {
		restarted.ingest.storeMany([long.nextTurnLogs]);
		const turns = long.requests / REQUESTS_PER_TURN + 1;
		expect(restarted.hub.getSession(long.conversationId)?.turns.length ?? 0).toBeLessThan(turns);
		const other = eventsOfCaptureFrom('codex-0.171.0', 'exec-apply-patch');
		restarted.ingest.storeMany([{signal: 'logs', digest: randomBytes(16), records: other.length, events: other, receivedMs: Date.now()}]);
		expect(restarted.hub.getSession(other[0]!.conversationId)?.turns.length).toBeGreaterThan(0);

		const deadline = Date.now() + 60_000;
		while (restarted.hub.getSession(long.conversationId)?.turns.length !== turns && Date.now() < deadline) {
			// eslint-disable-next-line no-await-in-loop
			await sleep(5);
		}

		const resumed = restarted.hub.getSession(long.conversationId)!;
		const rebuilt = createEngine(settings);
		rebuilt.applyAll(conversationEvents(createEventLog(restarted.db), long.conversationId));
		const expected = summarizeSession(rebuilt.model.sessions.get(long.conversationId)!, settings.prices);
		expect(summarizeSession(resumed, settings.prices)).toEqual(expected);
		expect(resumed.eventCount).toBe(long.events + long.nextTurnLogs.events.length);
		// The session list was rewritten once the history was in, not from half of it.
		expect(createSessionIndex(restarted.db).get(long.conversationId)).toEqual(expected);
	} finally {
		restarted.hub.close();
		restarted.db.close();
	}
});
