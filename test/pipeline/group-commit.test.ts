import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {createGroupCommit} from '../../source/app/group-commit.js';
import {createIngest, type IngestRequest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {openDatabase} from '../../source/store/database.js';
import {loadCapture, type CapturedRequest} from '../helpers/captures.js';
import {temporaryDirectory} from '../helpers/cli.js';

const toRequest = (captured: CapturedRequest): IngestRequest => ({
	exported: decodeExport(signalFromPath(captured.path), captured.contentType.includes('json') ? 'json' : 'protobuf', captured.body),
	body: captured.body,
	receivedMs: 1_800_000_000_000 + captured.tMs,
});

describe('ingesting several requests in one transaction', () => {
	test('each gets its own result; a body resent within the group is stored once', () => {
		const db = openDatabase(path.join(temporaryDirectory(), 'group.db'));
		const hub = createSessionHub();
		const requests = loadCapture('exec-tool').map(captured => toRequest(captured));
		const results = createIngest(db, hub).ingestMany([...requests, requests[0]!]);
		expect(results.map(result => result.duplicate)).toEqual([...requests.map(() => false), true]);
		expect(results.at(-1)!.stored).toBe(0);
		const stored = results.reduce((sum, result) => sum + result.stored, 0);
		expect(stored).toBeGreaterThan(0);
		expect((db.prepare('SELECT count(*) AS count FROM events').get() as {count: number}).count).toBe(stored);
		expect(hub.stats.duplicateBatches).toBe(1);
		db.close();
	});

	test('a conversation resumed after a restart continues from its history, no event applied twice', () => {
		const dbPath = path.join(temporaryDirectory(), 'resume.db');
		const requests = loadCapture('exec-loop').map(captured => toRequest(captured));
		const half = Math.floor(requests.length / 2);
		const first = openDatabase(dbPath);
		createIngest(first, createSessionHub()).ingestMany(requests.slice(0, half));
		first.close();

		const db = openDatabase(dbPath);
		const hub = createSessionHub();
		createIngest(db, hub).ingestMany(requests.slice(half));
		const prices = createPriceBook();
		for (const live of hub.sessions()) {
			const rebuilt = loadSession(db, live.conversationId)!;
			expect(summarizeSession(live, prices)).toEqual(summarizeSession(rebuilt, prices));
			expect(live.turns.length).toBe(rebuilt.turns.length);
		}

		expect([...hub.sessions()].length).toBeGreaterThan(0);
		db.close();
	});
});

describe('createGroupCommit', () => {
	test('calls made in one turn of the event loop are committed together, each answered with its result', async () => {
		const groups: number[][] = [];
		const commit = createGroupCommit((items: number[]) => {
			groups.push(items);
			return items.map(item => item * 10);
		});
		const first = await Promise.all([commit(1), commit(2), commit(3)]);
		const second = await commit(4);
		expect(first).toEqual([10, 20, 30]);
		expect(second).toBe(40);
		expect(groups).toEqual([[1, 2, 3], [4]]);
	});

	test('a failed commit fails every request of its group, and the next group is unaffected', async () => {
		let fail = true;
		const commit = createGroupCommit((items: string[]) => {
			if (fail) {
				throw new Error('disk I/O error');
			}

			return items;
		});
		const failed = await Promise.allSettled([commit('a'), commit('b')]);
		expect(failed.map(result => result.status)).toEqual(['rejected', 'rejected']);
		fail = false;
		await expect(commit('c')).resolves.toBe('c');
	});
});
