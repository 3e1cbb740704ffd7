import fs from 'node:fs';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import Database from 'better-sqlite3';
import {render} from 'ink-testing-library';
import {afterAll, expect, test} from 'vitest';
import {receivingSource} from '../../source/app/receiving-source.js';
import {startReceiving} from '../../source/app/start-receiving.js';
import {resolveConfig} from '../../source/config.js';
import {openDatabase} from '../../source/store/database.js';
import {App} from '../../source/ui/app.js';
import {loadCapture, type CapturedRequest} from '../helpers/captures.js';
import {temporaryDirectory} from '../helpers/cli.js';
import {request} from '../helpers/http.js';
import {eventsOfRequest} from '../helpers/pipeline.js';
import {pollUntil} from '../helpers/poll.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** The screen without its status line, which counts the refused requests. */
const body = (frame: string | undefined) => stripVTControlCharacters(frame ?? '').split('\n').slice(0, -1).join('\n');

test('a batch whose commit fails leaves the live screen as it was: nothing of it is shown, only the error counted', async () => {
	const db = path.join(directory, 'refusing.db');
	openDatabase(db).close();
	const shown = loadCapture('exec-tool');
	const refused = loadCapture('exec-loop');
	const refusedConversation = eventsOfRequest(refused[0]!)[0]!.conversationId;
	const control = new Database(db);
	// The store refuses one conversation's events, as a full disk would.
	control.exec(`CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.conversation_id = '${refusedConversation}' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`);
	const config = resolveConfig({db, port: 0, grpc: false}, {HOME: directory, XDG_CONFIG_HOME: directory});
	const receiving = await startReceiving(config);
	const post = async (captured: CapturedRequest) => request(`http://127.0.0.1:${receiving.address.port}${captured.path}`, {headers: {'content-type': captured.contentType}, body: captured.body});
	const clock = () => Date.parse('2026-11-25T02:42:00Z');
	const {lastFrame, unmount} = render(<App source={receivingSource(config, receiving)} size={{columns: 100, rows: 30}} clock={clock} bell={false}/>);
	try {
		for (const captured of shown) {
			expect((await post(captured)).status).toBe(200);
		}

		await pollUntil(() => body(lastFrame()).includes('SCENARIO=tool') || undefined, {what: 'the stored session on the screen', state: lastFrame});
		const before = body(lastFrame());

		const answers = [];
		for (const captured of refused) {
			answers.push((await post(captured)).status);
		}

		expect(answers.filter(status => status === 503).length).toBeGreaterThan(0);
		await pollUntil(() => /errors [1-9]/.test(stripVTControlCharacters(lastFrame() ?? '')) || undefined, {what: 'the refused commit on the status line', state: lastFrame});
		expect(body(lastFrame())).toBe(before);
		expect(receiving.hub.getSnapshot().sessions.has(refusedConversation)).toBe(false);
		expect(body(lastFrame())).not.toContain('echo loop');
	} finally {
		unmount();
		control.close();
		await receiving.close();
	}
}, 60_000);
