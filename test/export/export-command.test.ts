import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {CAPTURE_NAMES, loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {request} from '../helpers/http.js';

const directory = temporaryDirectory();
const source = path.join(directory, 'source.db');
type Row = {conversationId: string; kind: string; turns: number; parentConversationId: string | null};
let rows: Row[];

beforeAll(async () => {
	const served = await startServe(['--db', source]);
	for (const name of CAPTURE_NAMES) {
		await postCapture(served.url, loadCapture(name));
	}

	await served.stop();
	rows = JSON.parse(runCli(['sessions', '--json', '--all', '--db', source]).stdout) as Row[];
});

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const show = (id: string, db: string) => JSON.parse(runCli(['show', id, '--json', '--db', db]).stdout) as Record<string, unknown>;

describe('export --format otlp-json', () => {
	test('posted to a fresh codexmon, every session comes back the same, sub-agent link included', {timeout: 120_000}, async () => {
		const target = path.join(directory, 'target.db');
		const served = await startServe(['--db', target]);
		// Every main session and the sub-agent (the title threads are exported the same way and add only time).
		const exported = rows.filter(row => row.kind !== 'title');
		for (const row of exported) {
			const file = path.join(directory, `${row.conversationId}.jsonl`);
			expect(runCli(['export', row.conversationId, '--format', 'otlp-json', '--output', file, '--db', source]).status).toBe(0);
			for (const line of fs.readFileSync(file, 'utf8').trim().split('\n')) {
				const result = await request(`${served.url}/`, {headers: {'content-type': 'application/json'}, body: line});
				expect(result.status).toBe(200);
			}
		}

		await served.stop();
		expect(exported.length).toBe(11);
		for (const row of exported) {
			expect(show(row.conversationId, target)).toEqual(show(row.conversationId, source));
		}

		const child = rows.find(candidate => candidate.kind === 'subagent')!;
		expect(show(child.conversationId, target).parentConversationId).toBe(child.parentConversationId);
	});
});

describe('export --format json', () => {
	test('is the show document plus every event, in arrival order', () => {
		const main = rows.find(row => row.turns === 7)!;
		const result = runCli(['export', main.conversationId.slice(-8), '--db', source]);
		expect(result.status).toBe(0);
		const exported = JSON.parse(result.stdout) as Record<string, unknown> & {events: Array<{seq: number; kind: string; receivedAt: string; conversationId: string}>};
		const {events, ...document} = exported;
		expect(document).toEqual(show(main.conversationId, source));
		expect(events.length).toBeGreaterThan(100);
		expect(events.map(event => event.seq)).toEqual([...events.map(event => event.seq)].sort((a, b) => a - b));
		expect(new Set(events.map(event => event.conversationId))).toEqual(new Set([main.conversationId]));
		expect(events.filter(event => event.kind === 'user_prompt')).toHaveLength(7);
	});

	test('an unknown id exits 1 with a clear message', () => {
		const result = runCli(['export', 'nope-nope', '--db', source]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/no session matches "nope-nope"/);
	});
});
