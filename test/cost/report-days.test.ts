import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {createEngine} from '../../source/app/create-engine.js';
import {loadSession} from '../../source/app/load-session.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {openDatabase} from '../../source/store/database.js';
import {runCli, temporaryDirectory} from '../helpers/cli.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const config = resolveConfig({config: '/dev/null'});
const DAY_MS = 86_400_000;

/**
 * The real tui-session rollout (7 turns), its times moved: turns 1-2 on 2026-11-20 just before midnight (UTC, the
 * tests' zone), turns 3-4 just after it, and the rest resumed five days later, on 2026-11-26.
 */
function spanningRollout(): {file: string; text: string; id: string} {
	const [rollout] = loadRolloutsFrom('codex-0.171.0', 'tui-session');
	const lines = rollout!.text.trim().split('\n');
	const firstMs = Date.parse((JSON.parse(lines[0]!) as {timestamp: string}).timestamp);
	const base = Date.UTC(2026, 10, 20, 23, 58) - firstMs;
	let turn = 0;
	const moved = lines.map(line => {
		const record = JSON.parse(line) as {timestamp: string; type: string; payload: {type?: string; id?: string}};
		if (record.type === 'event_msg' && record.payload.type === 'task_started') {
			turn++;
		}

		const shift = turn <= 2 ? base : (turn <= 4 ? base + 120_000 : base + (5 * DAY_MS) + 600_000);
		return line.replace(`"timestamp":"${record.timestamp}"`, `"timestamp":"${new Date(Date.parse(record.timestamp) + shift).toISOString()}"`);
	});
	const id = (JSON.parse(lines[0]!) as {payload: {id: string}}).payload.id;
	return {file: rollout!.file, text: `${moved.join('\n')}\n`, id};
}

type Report = {groups: Array<{key: string; sessions: number; turns: number; modelRequests: number; tokens: {total: number; input: number; cached: number}; costUsd: number; nonCachedInputTokens: number}>; total: {sessions: number; modelRequests: number; costUsd: number; tokens: {total: number}}};

describe('report counts spend on the day it was spent', () => {
	const home = path.join(directory, 'codex');
	const db = path.join(directory, 'days.db');
	const rollout = spanningRollout();
	writeCodexHome(home, [rollout]);
	const store = openDatabase(db);
	importRollouts(store, findRollouts(rolloutDirectories(home)), {createEngine: () => createEngine(config), prices: config.prices});
	const document = buildSessionDocument(loadSession(store, rollout.id, createEngine(config))!, config.prices);
	store.close();
	const report = (...args: string[]) => JSON.parse(runCli(['report', '--json', '--db', db, ...args]).stdout) as Report;

	test('a session across midnight and resumed days later: each day its own requests, days in order', () => {
		const byDay = report('--since', '2026-11-01', '--group-by', 'day');
		expect(byDay.groups.map(group => group.key)).toEqual(['2026-11-20', '2026-11-21', '2026-11-26']);
		const turnsByDay = document.turns.map(turn => new Date(turn.startedAt).toISOString().slice(0, 10));
		for (const group of byDay.groups) {
			const turns = document.turns.filter((_, index) => turnsByDay[index] === group.key);
			expect(group.turns, group.key).toBe(turns.length);
			expect(group.tokens.total, group.key).toBe(turns.reduce((sum, turn) => sum + turn.tokens.total, 0));
			expect(group.sessions).toBe(1);
		}

		expect(byDay.total).toMatchObject({sessions: 1, modelRequests: document.modelRequests, tokens: {total: document.tokens.total}});
	});

	test('--since keeps the requests made since, not the sessions started since', () => {
		const resumed = report('--since', '2026-11-25', '--group-by', 'day');
		expect(resumed.groups.map(group => group.key)).toEqual(['2026-11-26']);
		expect(resumed.total.sessions).toBe(1);
		expect(resumed.total.tokens.total).toBeGreaterThan(0);
		expect(resumed.total.tokens.total).toBeLessThan(document.tokens.total);
		expect(runCli(['report', '--since', '2026-11-27', '--db', db]).stdout).toContain('No sessions since');
	});

	test('by model: model requests counted, costs without float noise, non-cached input beside input', () => {
		const byModel = report('--since', '2026-11-01');
		expect(byModel.groups).toHaveLength(1);
		const [group] = byModel.groups;
		expect(group!.modelRequests).toBe(document.modelRequests);
		expect(group!.modelRequests).toBeGreaterThan(0);
		expect(group!.nonCachedInputTokens).toBe(group!.tokens.input - group!.tokens.cached);
		for (const cost of [group!.costUsd, byModel.total.costUsd]) {
			expect(Math.round(cost * 1e6) / 1e6).toBe(cost);
		}

		const csv = runCli(['report', '--since', '2026-11-01', '--csv', '--db', db]).stdout.trim().split('\n');
		expect(csv[0]).toContain('model_requests,input_tokens,cached_tokens,non_cached_input_tokens');
		expect(csv[1]!.split(',')[3]).toBe(String(document.modelRequests));
		// Project and service come from the rollout's session_meta (cwd, originator).
		expect(report('--since', '2026-11-01', '--group-by', 'project').groups.map(row => row.key)).toEqual(['repo']);
		expect(report('--since', '2026-11-01', '--group-by', 'service').groups.map(row => row.key)).toEqual(['codex-tui']);
		const table = runCli(['report', '--since', '2026-11-01', '--db', db]).stdout;
		expect(table).toContain('NON-CACHED');
		expect(table).toContain('Input includes cached');
	});
});
