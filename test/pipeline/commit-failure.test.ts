import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import {afterAll, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {summarizeSession, type SessionSummary} from '../../source/model/session-summary.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {createIngest} from '../../source/app/ingest.js';
import {startReceiving} from '../../source/app/start-receiving.js';
import {openDatabase} from '../../source/store/database.js';
import {loadCapture, type CapturedRequest} from '../helpers/captures.js';
import {runCli, temporaryDirectory} from '../helpers/cli.js';
import {request} from '../helpers/http.js';
import {eventsOfRequest} from '../helpers/pipeline.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const prices = createPriceBook();
const innocent = loadCapture('exec-tool');
const refused = loadCapture('exec-loop');
const refusedConversation = refused.flatMap(captured => eventsOfRequest(captured))[0]!.conversationId;

/** What ingesting every request once gives: the state a failure and its retries must end in. */
function reference(): Map<string, SessionSummary> {
	const db = openDatabase(':memory:');
	const hub = createSessionHub();
	const ingest = createIngest(db, hub);
	for (const captured of [...innocent, ...refused]) {
		ingest.ingest(decodeExport(signalFromPath(captured.path), captured.contentType.includes('json') ? 'json' : 'protobuf', captured.body), captured.body, 0);
	}

	const summaries = new Map([...hub.sessions()].map(session => [session.conversationId, summarizeSession(session, prices)]));
	db.close();
	return summaries;
}

const listed = (db: string) => new Map((JSON.parse(runCli(['sessions', '--json', '--all', '--db', db]).stdout) as SessionSummary[]).map(summary => [summary.conversationId, summary.tokens]));

test('a request whose commit fails is answered 503 alone, leaves memory and `sessions` as they were, and its retry counts once', async () => {
	const db = path.join(directory, 'refusing.db');
	openDatabase(db).close();
	const control = new Database(db);
	// The store refuses one conversation's events, as a full disk or a bad value would.
	control.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.conversation_id = '${refusedConversation}' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);

	const receiving = await startReceiving(resolveConfig({db, port: 0, grpc: false}, {HOME: directory, XDG_CONFIG_HOME: directory}));
	const agent = new http.Agent({keepAlive: true, maxSockets: 8});
	const post = async (captured: CapturedRequest) => request(`http://127.0.0.1:${receiving.address.port}${captured.path}`, {headers: {'content-type': captured.contentType}, body: captured.body, agent});
	try {
		// Interleaved and concurrent, so the refused requests share group commits with the others.
		const mixed = innocent.flatMap((captured, index) => [captured, refused[index]]).filter(Boolean) as CapturedRequest[];
		const all = [...mixed, ...refused.slice(innocent.length)];
		const answers = await Promise.all(all.map(async captured => ({captured, answer: await post(captured)})));
		for (const {captured, answer} of answers) {
			const refusedOne = refused.includes(captured) && eventsOfRequest(captured).some(event => event.conversationId === refusedConversation);
			expect(answer.status, `${captured.path} #${captured.seq}`).toBe(refusedOne ? 503 : 200);
			if (refusedOne) {
				expect(answer.headers['retry-after']).toBeDefined();
			}
		}

		expect(answers.some(({answer}) => answer.status === 503)).toBe(true);
		const expected = reference();
		const live = receiving.hub.getSession(refusedConversation);
		// Memory holds nothing the store refused: the refused conversation has no turn from the failed requests.
		expect(live?.turns.length ?? 0).toBe(0);
		const innocentConversation = eventsOfRequest(innocent[0]!)[0]!.conversationId;
		expect(summarizeSession(receiving.hub.getSession(innocentConversation)!, prices).tokens).toEqual(expected.get(innocentConversation)!.tokens);
		const before = listed(db);
		expect(before.has(refusedConversation)).toBe(false);
		expect(before.get(innocentConversation)).toEqual(expected.get(innocentConversation)!.tokens);

		// The disk has room again; the exporter retries everything it sent (the answered ones too).
		control.exec('DROP TRIGGER refuse');
		for (const captured of all) {
			expect((await post(captured)).status).toBe(200);
		}

		for (const [conversationId, summary] of expected) {
			expect(summarizeSession(receiving.hub.getSession(conversationId)!, prices).tokens, conversationId).toEqual(summary.tokens);
		}

		const after = listed(db);
		for (const [conversationId, summary] of expected) {
			expect(after.get(conversationId), conversationId).toEqual(summary.tokens);
		}
	} finally {
		agent.destroy();
		control.close();
		await receiving.close();
	}
}, 60_000);
