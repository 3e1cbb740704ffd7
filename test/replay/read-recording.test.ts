import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {expect, test} from 'vitest';
import {readRecording} from '../../source/replay/read-recording.js';
import {openDatabase} from '../../source/store/database.js';
import {createEventLog} from '../../source/store/event-log.js';
import {seedLongSession} from '../bench/seed-database.js';

test('a long recording comes as a first page and the rest, which together are the whole session in order', () => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-recording-'));
	try {
		const dbPath = path.join(directory, 'long.db');
		const seeded = seedLongSession(dbPath, 7000);
		const db = openDatabase(dbPath, {readonly: true});
		const recording = readRecording(db, seeded.conversationId);
		expect(recording.first.length).toBeLessThan(seeded.events);
		expect(recording.rest?.total).toBe(seeded.events);
		const read = [...recording.first];
		for (let page = recording.rest!.pages.next(); !page.done; page = recording.rest!.pages.next()) {
			read.push(...page.value);
		}

		expect(read).toEqual([...createEventLog(db).readConversation(seeded.conversationId)]);
		db.close();
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});
