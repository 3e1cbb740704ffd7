import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {createEngine} from '../../source/app/create-engine.js';
import {loadSession} from '../../source/app/load-session.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {openDatabase} from '../../source/store/database.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';

/**
 * Forks built from real capture lines, as Codex writes them: the fork's own session_meta, the parent's history
 * copied in (with or without the parent's session_meta, with or without thread ids as older Codex wrote), then
 * the fork's own turns. The parent's usage must count once, in the parent.
 */
const config = resolveConfig({config: '/dev/null'});
const directories: string[] = [];
afterAll(() => {
	for (const directory of directories) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

const PARENT = '01a2313a-b487-7ea1-a765-22a641b5691a';
const CHILD = '01a2313a-b487-7ea1-a765-0000000f0c4e';
const [parentRollout] = loadRolloutsFrom('codex-0.171.0', 'tui-session');
const parentLines = parentRollout!.text.trim().split('\n');
const [parentMeta, ...parentBody] = parentLines;

/** The parent's turns again, as the fork's own: its thread id, and new turn, call and response ids. */
function ownTurns(lines: readonly string[]): string[] {
	return lines.map(line => line.replaceAll(PARENT, CHILD)
		.replaceAll(/("turn_id":"|"root_turn_id":"|"turn_id":")([0-9a-f-]{30})[0-9a-f]{6}"/g, '$1$2f0f0f0"')
		.replaceAll(/:"(call_[\w-]+|resp_[\w-]+)"/g, ':"$1_fork"'));
}

const forkMeta = parentMeta!.replaceAll(PARENT, CHILD).replace('"payload":{', `"payload":{"forked_from_id":"${PARENT}",`);

/** Older Codex: no token_usage_record lines, no thread ids; usage only in token_count's cumulative totals. */
function withoutThreadIds(lines: readonly string[]): string[] {
	return lines.filter(line => !line.includes('"type":"token_usage_record"')).map(line => line.replaceAll(/"thread_id":"[^"]+",?/g, ''));
}

/** The fork's token_count totals go on from the parent's (Codex carries the thread's usage into the fork). */
function continuedTotals(lines: readonly string[], base: {input: number; cached: number; output: number; reasoning: number}): string[] {
	return lines.map(line => {
		if (!line.includes('"type":"token_count"')) {
			return line;
		}

		const record = JSON.parse(line) as {payload: {info?: {total_token_usage?: Record<string, number>}}};
		const total = record.payload.info?.total_token_usage;
		if (total) {
			total.input_tokens! += base.input;
			total.cached_input_tokens! += base.cached;
			total.output_tokens! += base.output;
			total.reasoning_output_tokens! += base.reasoning;
			total.total_tokens! += base.input + base.output;
		}

		return JSON.stringify(record);
	});
}

function lastTotal(lines: readonly string[]) {
	const line = lines.filter(candidate => candidate.includes('"type":"token_count"')).at(-1)!;
	const total = (JSON.parse(line) as {payload: {info: {total_token_usage: Record<string, number>}}}).payload.info.total_token_usage;
	return {input: total.input_tokens!, cached: total.cached_input_tokens!, output: total.output_tokens!, reasoning: total.reasoning_output_tokens!};
}

function importHome(files: Array<{name: string; lines: string[]; directory?: string}>) {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-forks-'));
	directories.push(directory);
	const home = path.join(directory, 'codex');
	for (const [index, file] of files.entries()) {
		const target = path.join(home, file.directory ?? 'sessions/2026/12/01', file.name);
		fs.mkdirSync(path.dirname(target), {recursive: true});
		fs.writeFileSync(target, `${file.lines.join('\n')}\n`);
		// Parents first, as Codex wrote them.
		fs.utimesSync(target, new Date(Date.UTC(2026, 11, 1, 12, index)), new Date(Date.UTC(2026, 11, 1, 12, index)));
	}

	const db = openDatabase(path.join(directory, 'codexmon.db'));
	const totals = importRollouts(db, findRollouts(rolloutDirectories(home)), {createEngine: () => createEngine(config), prices: config.prices});
	const document = (id: string) => buildSessionDocument(loadSession(db, id, createEngine(config))!, config.prices);
	return {
		totals,
		parent: document(PARENT),
		get child() {
			return document(CHILD);
		},
		close: () => db.close(),
	};
}

/** The same rollouts imported as separate sessions with nothing copied: what each really spent. */
const alone = (() => {
	const result = importHome([{name: 'rollout-parent.jsonl', lines: parentLines}, {name: 'rollout-child.jsonl', lines: [forkMeta, ...ownTurns(parentBody)]}]);
	const figures = {parent: result.parent, child: result.child};
	result.close();
	expect(figures.child.tokens.total).toBeGreaterThan(0);
	return figures;
})();

describe('a fork counts its parent\'s copied history once', () => {
	test('the parent\'s session_meta and lines copied in, then the fork\'s own turns', () => {
		const {parent, child, close} = importHome([
			{name: 'rollout-parent.jsonl', lines: parentLines},
			{name: 'rollout-child.jsonl', lines: [forkMeta, ...parentLines, ...ownTurns(parentBody)]},
		]);
		expect(parent.tokens).toEqual(alone.parent.tokens);
		expect(child.tokens).toEqual(alone.child.tokens);
		expect(child.modelRequests).toBe(alone.child.modelRequests);
		expect(child.turns.map(turn => turn.turnId)).toEqual(alone.child.turns.map(turn => turn.turnId));
		expect(child.toolCalls).toHaveLength(alone.child.toolCalls.length);
		close();
	});

	test('copied token_usage_record lines of the parent\'s thread id, without its session_meta', () => {
		const {child, close} = importHome([
			{name: 'rollout-parent.jsonl', lines: parentLines},
			{name: 'rollout-child.jsonl', lines: [forkMeta, ...parentBody, ...ownTurns(parentBody)]},
		]);
		expect(child.tokens).toEqual(alone.child.tokens);
		expect(child.modelRequests).toBe(alone.child.modelRequests);
		close();
	});

	test('older Codex: token_count totals only, no thread ids; the fork\'s totals go on from the parent\'s', () => {
		const oldParent = withoutThreadIds(parentLines);
		const oldOwn = continuedTotals(withoutThreadIds(ownTurns(parentBody)), lastTotal(oldParent));
		const {parent, child, close} = importHome([
			{name: 'rollout-parent.jsonl', lines: oldParent},
			{name: 'rollout-child.jsonl', lines: [forkMeta, ...withoutThreadIds([parentMeta!]), ...oldParent.slice(1), ...oldOwn]},
		]);
		expect(parent.tokens).toEqual(alone.parent.tokens);
		expect(child.tokens).toEqual(alone.child.tokens);
		expect(child.turns.map(turn => turn.turnId)).toEqual(alone.child.turns.map(turn => turn.turnId));
		close();
	});

	test('a resumed file that records a response again counts it once', () => {
		const records = parentBody.filter(line => line.includes('"type":"token_usage_record"'));
		const {parent, close} = importHome([{name: 'rollout-parent.jsonl', lines: [...parentLines, ...records]}]);
		expect(parent.tokens).toEqual(alone.parent.tokens);
		expect(parent.modelRequests).toBe(alone.parent.modelRequests);
		close();
	});

	test('the same rollout in sessions/ and archived_sessions/ is one session, counted once', () => {
		const {totals, parent, close} = importHome([
			{name: parentRollout!.file, lines: parentLines},
			{name: parentRollout!.file, lines: parentLines, directory: 'archived_sessions'},
		]);
		expect(totals).toMatchObject({files: 2, sessions: 1, duplicates: 1});
		expect(parent.tokens).toEqual(alone.parent.tokens);
		close();
	});
});
