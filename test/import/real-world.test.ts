import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {buildSessionDocument, type SessionDocument} from '../../source/model/session-document.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {openDatabase} from '../../source/store/database.js';
import {captureNamesOf, FIXTURES_DIR, loadCaptureFrom} from '../helpers/captures.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';

type Usage = {input: number; cached: number; output: number; reasoning: number; total: number};
type GroundTruth = {
	conversations: Record<string, {turns: Array<{turn_id: string; outcome: string; compactions: number}>; usage_completed_responses: Usage}>;
	requests: Array<{conversation_id: string; turn_id: string | null; step: number | null; completed: boolean; compaction_request: boolean}>;
	tool_calls: Array<{call_id: string | null; conversation_id: string; item_type: string; tool_name: string; namespace: string | null; decision: string | null; tool_result: {success: string; mcp_server: string} | null}>;
};

const config = resolveConfig({config: '/dev/null'});
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-world-'));
afterAll(() => {
	fs.rmSync(scratch, {recursive: true, force: true});
});

/** A real-world capture as `--watch-sessions` gives it: its rollouts imported, its OTLP posted, into one database. */
function documentsOf(name: string): Map<string, SessionDocument> {
	const directory = path.join(scratch, name);
	const db = openDatabase(path.join(directory, 'codexmon.db'));
	const hub = createSessionHub({createEngine: () => createEngine(config)});
	const ingest = createIngest(db, hub, {prices: config.prices});
	const home = path.join(directory, 'codex');
	writeCodexHome(home, loadRolloutsFrom('codex-0.171.0', name));
	const totals = importRollouts(db, findRollouts(rolloutDirectories(home)), {createEngine: () => createEngine(config), prices: config.prices});
	ingest.refresh(totals.changed);
	for (const request of loadCaptureFrom('codex-0.171.0', name)) {
		ingest.ingest(decodeExport(signalFromPath(request.path), request.contentType.includes('json') ? 'json' : 'protobuf', request.body), request.body, Date.now());
	}

	const truth = groundTruth(name);
	const documents = new Map<string, SessionDocument>();
	for (const conversationId of Object.keys(truth.conversations)) {
		const session = loadSession(db, conversationId, createEngine(config));
		if (session) {
			documents.set(conversationId, buildSessionDocument(session, config.prices, Date.parse('2027-01-01')));
		}
	}

	db.close();
	return documents;
}

function groundTruth(name: string): GroundTruth {
	return JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'codex-0.171.0', name, 'ground_truth.json'), 'utf8')) as GroundTruth;
}

/** `aborted: interrupted` → interrupted; `failed: usage_limit_exceeded (…)` → failed. */
function outcomeOf(text: string): string {
	return text.startsWith('aborted') ? 'interrupted' : text.split(':')[0]!;
}

const WORLD = captureNamesOf('codex-0.171.0').filter(name => fs.existsSync(path.join(FIXTURES_DIR, 'codex-0.171.0', name, 'ground_truth.json')));

describe.each(WORLD)('real-world capture %s, OTLP and rollout together', name => {
	const truth = groundTruth(name);
	const documents = documentsOf(name);

	test('turns, their outcomes and compactions, and the tokens of the completed responses', () => {
		for (const [conversationId, conversation] of Object.entries(truth.conversations)) {
			const document = documents.get(conversationId);
			expect(document, conversationId).toBeDefined();
			expect(document!.turns.map(turn => [turn.turnId, turn.outcome, turn.compactions]))
				.toEqual(conversation.turns.map(turn => [turn.turn_id, outcomeOf(turn.outcome), turn.compactions]));
			expect(document!.tokens).toEqual(conversation.usage_completed_responses);
		}
	});

	test('model requests: every completed one once, compaction summaries apart', () => {
		for (const [conversationId, document] of documents) {
			const requests = truth.requests.filter(request => request.conversation_id === conversationId);
			const completed = requests.filter(request => request.completed && !request.compaction_request).length;
			const steps = new Set(requests.filter(request => !request.compaction_request).map(request => `${request.turn_id}:${request.step}`)).size;
			expect(document.modelRequests).toBeGreaterThanOrEqual(completed);
			expect(document.modelRequests).toBeLessThanOrEqual(steps);
			expect(document.turns.flatMap(turn => turn.requests).filter(request => request.compaction)).toHaveLength(requests.filter(request => request.compaction_request).length);
		}
	});

	test('tool calls: kind, MCP server, decision and success as Codex reported them', () => {
		for (const call of truth.tool_calls) {
			const document = documents.get(call.conversation_id)!;
			if (call.item_type === 'web_search_call') {
				expect(document.toolCalls.filter(candidate => candidate.kind === 'web_search').length).toBeGreaterThan(0);
				continue;
			}

			const found = document.toolCalls.find(candidate => candidate.callId === call.call_id);
			expect(found, call.call_id ?? '').toBeDefined();
			expect(found!.kind).toBe(call.namespace?.startsWith('mcp__') ? 'mcp' : (call.tool_name === 'apply_patch' ? 'patch' : 'command'));
			if (call.namespace?.startsWith('mcp__')) {
				expect(found!.mcpServer).toBe(call.namespace.slice(5));
			}

			if (call.decision !== null) {
				expect(`${found!.decision} (${found!.decisionSource})`).toBe(call.decision);
			}

			if (call.tool_result) {
				expect(found!.success).toBe(call.tool_result.success === 'true' && found!.exitCode !== null ? found!.exitCode === 0 : call.tool_result.success === 'true');
			}
		}
	});

	test('the session status says how it ended', () => {
		for (const [conversationId, conversation] of Object.entries(truth.conversations)) {
			const last = outcomeOf(conversation.turns.at(-1)!.outcome);
			const {status} = documents.get(conversationId)!;
			expect(last === 'completed' ? ['ended', 'idle'] : [last]).toContain(status);
		}
	});
});

describe('what a user reads there', () => {
	test('exec-usage-limit: failed, with the usage limit named', () => {
		const [document] = documentsOf('exec-usage-limit').values();
		expect(document!.status).toBe('failed');
		expect(document!.turns[0]!.error).toMatch(/^usage limit exceeded: You’ve hit your usage limit/);
	});

	test('exec-mcp-tool: a read-only MCP call has no decision, a refusal under approval never is the policy\'s, an isError result failed', () => {
		const [document] = documentsOf('exec-mcp-tool').values();
		const calls = document!.toolCalls.filter(call => call.kind === 'mcp');
		expect(calls.map(call => [call.tool, call.mcpServer, call.decision, call.refusedByPolicy, call.success])).toEqual([
			['ticket_lookup', 'tickets', null, false, true],
			['ticket_close', 'tickets', 'denied', true, false],
			['ticket_lookup', 'tickets', null, false, false],
		]);
	});

	test('exec-apply-patch: patches name their files, the failed verification is a failure, the web search is a call', () => {
		const [document] = documentsOf('exec-apply-patch').values();
		const patches = document!.toolCalls.filter(call => call.kind === 'patch');
		expect(patches.map(call => call.success)).toEqual([true, true, false]);
		expect(document!.toolCalls.filter(call => call.kind === 'web_search')).toHaveLength(1);
	});
});
