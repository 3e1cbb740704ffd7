import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {openDatabase} from '../../source/store/database.js';
import {conversationEvents, createEventLog} from '../../source/store/event-log.js';
import {temporaryDirectory} from '../helpers/cli.js';
import {eventsOfCaptureFrom} from '../helpers/pipeline.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

test('a stored session rebuilt under a bounded page cache is the same session, and the connection (the receiver\'s) gets its own cache size back', () => {
	const settings = resolveConfig({}, {HOME: directory, XDG_CONFIG_HOME: directory});
	const db = openDatabase(path.join(directory, 'store.db'));
	const hub = createSessionHub({createEngine: () => createEngine(settings)});
	try {
		const events = eventsOfCaptureFrom('codex-0.171.0', 'tui-session');
		createIngest(db, hub, {prices: settings.prices}).storeMany([{signal: 'logs', digest: randomBytes(16), records: events.length, events, receivedMs: Date.now()}]);
		const conversationId = events[0]!.conversationId;
		const cacheSize = db.pragma('cache_size', {simple: true});
		expect(cacheSize).toBeLessThan(-2000);

		const session = loadSession(db, conversationId, createEngine(settings));
		expect(db.pragma('cache_size', {simple: true})).toBe(cacheSize);
		// A rebuild that fails part-way (here a detector) leaves the connection as it was, too.
		expect(() => loadSession(db, conversationId, createSessionEngine([() => {
			throw new Error('a detector failed');
		}]))).toThrow('a detector failed');
		expect(db.pragma('cache_size', {simple: true})).toBe(cacheSize);

		const folded = createEngine(settings);
		folded.applyAll(conversationEvents(createEventLog(db), conversationId));
		const expected = folded.model.sessions.get(conversationId)!;
		expect(session?.eventCount).toBe(expected.eventCount);
		expect(session?.turns.map(turn => [turn.prompt, turn.modelRequests.length, turn.toolCalls.length])).toEqual(expected.turns.map(turn => [turn.prompt, turn.modelRequests.length, turn.toolCalls.length]));
		expect(session!.turns.length).toBeGreaterThan(0);
	} finally {
		hub.close();
		db.close();
	}
});
