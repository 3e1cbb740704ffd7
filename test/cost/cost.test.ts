import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {createPriceBook} from '../../source/model/price-book.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {normalizeLog} from '../../source/model/normalize-log.js';
import {costOfUsage} from '../../source/model/usage-cost.js';
import {makeUsage} from '../../source/model/tokens.js';
import {readPricesFile} from '../../source/prices-file.js';
import {loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {eventsOfCapture, reduceEvents} from '../helpers/pipeline.js';
import {withResourceAttributes} from '../helpers/rewrite-resource.js';

const MINI = {input: 0.25, cachedInput: 0.025, output: 2};
const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('the cost of a model request', () => {
	test.each([
		// (input − cached) × input + cached × cached + output × output, per million tokens
		[{input: 1000, cached: 640, output: 42, reasoning: 16}, MINI, (360 * 0.25 + 640 * 0.025 + 42 * 2) / 1e6],
		[{input: 1_000_000, cached: 0, output: 0}, {input: 1.25, cachedInput: 0.125, output: 10}, 1.25],
		[{input: 1_000_000, cached: 1_000_000, output: 1_000_000, reasoning: 900_000}, {input: 1.25, cachedInput: 0.125, output: 10}, 10.125],
		[{input: 500, cached: 900, output: 0}, MINI, 500 * 0.025 / 1e6],
	])('%o at %o is $%d', (raw, price, expected) => {
		expect(costOfUsage(makeUsage(raw), price)).toBeCloseTo(expected, 12);
	});

	test('reasoning is inside output and not billed again', () => {
		const withReasoning = costOfUsage(makeUsage({input: 1000, cached: 0, output: 500, reasoning: 400}), MINI);
		const withoutReasoning = costOfUsage(makeUsage({input: 1000, cached: 0, output: 500, reasoning: 0}), MINI);
		expect(withReasoning).toBe(withoutReasoning);
	});
});

describe('the price table', () => {
	const prices = createPriceBook();
	test.each([
		['gpt-5.1-codex-mini', 'gpt-5.1-codex-mini'],
		['GPT-5.1-Codex', 'gpt-5.1-codex'],
		['openai/gpt-5-codex', 'gpt-5-codex'],
		['gpt-5-codex-2025-09-15', 'gpt-5-codex'],
		['codex-mini', 'codex-mini-latest'],
	])('%s is priced as %s', (model, entry) => {
		expect(prices.resolve(model)).toBe(entry);
	});

	test.each(['gpt-5.1-codex-mini-turbo', 'llama3', '', 'gpt-5.1-cod'])('%s is unknown, not guessed', model => {
		expect(prices.lookup(model)).toBeUndefined();
	});
});

describe('sessions priced from real captures', () => {
	const session = () => [...reduceEvents(eventsOfCapture('exec-loop')).sessions.values()][0]!;

	test('per request, per turn, per session and per day agree, from the usage in the payloads', () => {
		const document = buildSessionDocument(session());
		const expected = document.turns[0]!.requests.reduce((sum, request) => sum + costOfUsage(request.tokens!, MINI), 0);
		expect(document.turns[0]!.requests).toHaveLength(8);
		expect(document.turns[0]!.costUsd).toBeCloseTo(expected, 12);
		expect(document.turns[0]!.requests.reduce((sum, request) => sum + request.costUsd!, 0)).toBeCloseTo(expected, 12);
		expect(document.costUsd).toBeCloseTo(expected, 12);
		expect(document.costByDay).toEqual([{day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), costUsd: document.costUsd}]);
		// 8 requests: input 1000+137n, cached 640+10n, output 42+n (n = 0..7).
		expect(document.costUsd).toBeCloseTo((11_836 - 5400) * 0.25e-6 + 5400 * 0.025e-6 + 364 * 2e-6, 12);
	});

	test('a model without a price is unknown, never $0', () => {
		const unknown = session();
		unknown.model = 'in-house-model';
		for (const turn of unknown.turns) {
			turn.model = 'in-house-model';
		}

		const document = buildSessionDocument(unknown);
		expect(document.costUsd).toBeNull();
		expect(document.turns[0]!.costUsd).toBeNull();
		expect(document.turns[0]!.requests[0]!.costUsd).toBeNull();
		expect(document.pricing.unpricedModels).toEqual(['in-house-model']);
	});

	test('Codex\'s own estimate is shown beside ours and a disagreement is flagged', () => {
		const events = eventsOfCapture('exec-simple');
		const turnId = (events.find(event => event.kind === 'agent_response') as {turnId: string}).turnId;
		const conversationId = events[0]!.conversationId;
		const turnCost = (usd: string) => normalizeLog({
			signal: 'logs', resource: {serviceName: 'codex-app-server', attributes: {}}, scope: 'codex_otel.log_only', timeMs: 0, observedMs: 1, severity: 9, eventName: '', traceId: '', spanId: '', body: null,
			attributes: {'event.name': 'codex.turn_cost', 'conversation.id': conversationId, 'turn.id': turnId, 'usage.estimated_usd': usd, 'turn.interrupted': false},
		});
		const agreeing = buildSessionDocument([...reduceEvents([...events, ...turnCost('0.00019')]).sessions.values()][0]!);
		expect(agreeing.turns[0]).toMatchObject({codexCostUsd: 0.000_19, costDisagreement: false});
		const disagreeing = buildSessionDocument([...reduceEvents([...events, ...turnCost('0.5')]).sessions.values()][0]!);
		expect(disagreeing.turns[0]).toMatchObject({codexCostUsd: 0.5, costDisagreement: true});
	});
});

describe('price overrides', () => {
	test('a TOML file overrides and extends the table, with aliases', () => {
		const file = path.join(directory, 'prices.toml');
		fs.writeFileSync(file, '["gpt-5.1-codex-mini"]\ninput = 1\ncached_input = 0.5\noutput = 4\n\n["in-house"]\ninput = 3\noutput = 6\n\n[aliases]\n"my-deploy" = "in-house"\n');
		const prices = createPriceBook(readPricesFile(file));
		expect(prices.lookup('gpt-5.1-codex-mini')).toEqual({input: 1, cachedInput: 0.5, output: 4});
		expect(prices.lookup('my-deploy')).toEqual({input: 3, cachedInput: 3, output: 6});
		expect(prices.lookup('gpt-5.1-codex')).toEqual({input: 1.25, cachedInput: 0.125, output: 10});
	});

	test('a bad file names the key, through the CLI', () => {
		const file = path.join(directory, 'bad.toml');
		fs.writeFileSync(file, '["gpt-5.1-codex"]\ninput = "cheap"\noutput = 1\n');
		const result = runCli(['sessions', '--prices', file, '--db', path.join(directory, 'none.db')]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/gpt-5\.1-codex\.input must be a non-negative number/);
	});
});

describe('report, through the CLI', () => {
	test('groups by team, project, model, env and day from the resource attributes Codex sends', async () => {
		const db = path.join(directory, 'report.db');
		const served = await startServe(['--db', db]);
		const tag = (name: Parameters<typeof loadCapture>[0], attributes: Record<string, string>) => loadCapture(name).map(request => withResourceAttributes(request, attributes));
		await postCapture(served.url, tag('exec-loop', {team: 'platform', project: 'api'}));
		await postCapture(served.url, tag('exec-tool', {team: 'platform', project: 'web'}));
		await postCapture(served.url, tag('exec-tool-json-redacted', {team: 'data'}));
		await served.stop();

		const report = (groupBy: string) => JSON.parse(runCli(['report', '--since', '2000-01-01', '--group-by', groupBy, '--json', '--db', db]).stdout) as {groups: Array<{key: string; sessions: number; turns: number; tokens: {total: number}; costUsd: number}>; total: {sessions: number; costUsd: number; tokens: {total: number}}};
		const byTeam = report('team');
		const show = (id: string) => JSON.parse(runCli(['show', id, '--json', '--db', db]).stdout) as {costUsd: number; tokens: {total: number}};
		const sessions = JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string; costUsd: number; resource: Record<string, string>}>;
		const costOf = (team: string) => sessions.filter(row => row.resource.team === team).reduce((sum, row) => sum + show(row.conversationId).costUsd, 0);
		expect(byTeam.groups.map(group => [group.key, group.sessions])).toEqual([['platform', 2], ['data', 1]]);
		expect(byTeam.groups[0]!.costUsd).toBeCloseTo(costOf('platform'), 12);
		expect(byTeam.groups[1]!.costUsd).toBeCloseTo(costOf('data'), 12);
		expect(byTeam.total.costUsd).toBeCloseTo(costOf('platform') + costOf('data'), 12);

		expect(report('project').groups.map(group => group.key).sort()).toEqual(['(none)', 'api', 'web']);
		expect(report('model').groups).toEqual([expect.objectContaining({key: 'gpt-5.1-codex-mini', sessions: 3, turns: 3})]);
		expect(report('env').groups.map(group => group.key)).toEqual(['capture']);
		expect(report('day').total.tokens.total).toBe(byTeam.total.tokens.total);

		const csv = runCli(['report', '--since', '2000-01-01', '--group-by', 'team', '--csv', '--db', db]).stdout.trim().split('\n');
		expect(csv[0]).toBe('team,sessions,turns,model_requests,input_tokens,cached_tokens,non_cached_input_tokens,output_tokens,reasoning_tokens,total_tokens,cost_usd');
		expect(csv.at(-1)).toMatch(/^total,3,3,/);
		expect(runCli(['report', '--since', 'yesterday-ish', '--db', db]).status).toBe(1);
	});
});
