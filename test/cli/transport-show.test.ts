import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {captureNamesOf, FIXTURES_DIR, loadCaptureFrom} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';

const directory = temporaryDirectory();
const db = path.join(directory, 'codexmon.db');
let served: Served;

type Expected = {name: string; expected: {per_conversation: Array<{conversation_id: string; user_turns: number; model_requests: number; warmup_requests: number; tokens: {total: number}}>}};
const index = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'codex-0.171.0-ws', 'index.json'), 'utf8')) as Expected[];

type Document = {transport: string; modelRequests: number; warmups: number; tokens: {total: number}; turns: Array<{modelRequests: number; requests: Array<{attempts: Array<{status: number | null}>; tokens: unknown}>}>};
const show = (id: string) => JSON.parse(runCli(['show', id, '--json', '--db', db]).stdout) as Document;

beforeAll(async () => {
	served = await startServe(['--db', db, '--no-grpc']);
	for (const name of captureNamesOf('codex-0.171.0-ws')) {
		await postCapture(served.url, loadCaptureFrom('codex-0.171.0-ws', name));
	}

	await postCapture(served.url, loadCaptureFrom('codex-0.171.0', 'exec-api-errors'));
});

afterAll(async () => {
	if (served.process.exitCode === null) {
		await served.stop();
	}

	fs.rmSync(directory, {recursive: true, force: true});
});

describe('serve → show --json over the WebSocket transport', () => {
	test('every conversation of every WebSocket capture has its requests, turns and tokens once, warm-ups apart', () => {
		for (const {expected} of index) {
			for (const conversation of expected.per_conversation) {
				const document = show(conversation.conversation_id);
				expect(document.turns).toHaveLength(conversation.user_turns);
				expect(document.modelRequests).toBe(conversation.model_requests);
				expect(document.turns.reduce((sum, turn) => sum + turn.requests.length, 0)).toBe(conversation.model_requests);
				expect(document.warmups).toBe(conversation.warmup_requests);
				expect(document.tokens.total).toBe(conversation.tokens.total);
			}
		}
	});

	test('the text form names the transport and the retries', () => {
		const text = runCli(['show', '01a2315e-fa96-79e0-85b9-855b5f527537', '--db', db]).stdout;
		expect(text).toMatch(/1 turns, 3 model requests \(3 failed attempts retried or final\)/);
		expect(text).toMatch(/transport http/);
		const ws = runCli(['show', index.find(entry => entry.name === 'exec-loop')!.expected.per_conversation[0]!.conversation_id, '--db', db]).stdout;
		expect(ws).toMatch(/transport ws \(Responses WebSocket\), 1 warm-up \(not counted\), first token [\d.]+s median/);
	});

	test('sessions agrees with show on the request count', () => {
		const rows = JSON.parse(runCli(['sessions', '--json', '--all', '--db', db]).stdout) as Array<{conversationId: string; modelRequests: number}>;
		for (const row of rows) {
			expect(row.modelRequests).toBe(show(row.conversationId).modelRequests);
		}
	});
});
