import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {postCapture, runCli, runCliAsync, startServe, temporaryDirectory} from '../helpers/cli.js';

const directory = temporaryDirectory();
const db = path.join(directory, 'codexmon.db');
const priceList = path.join(directory, 'cache', 'prices.json');
const env = {CODEXMON_PRICE_LIST: priceList};

/** A list in LiteLLM's format (USD per token): the capture's model at new rates, a long-context and priority model, and entries to leave out. */
const LITELLM_LIST = {
	sample_spec: {input_cost_per_token: 0, output_cost_per_token: 0, litellm_provider: 'one of https://docs.litellm.ai/docs/providers'},
	'gpt-5.1-codex-mini': {input_cost_per_token: 5e-7, output_cost_per_token: 4e-6, cache_read_input_token_cost: 5e-8, litellm_provider: 'openai', mode: 'responses'},
	'gpt-9-preview': {
		input_cost_per_token: 2.5e-6, output_cost_per_token: 1.5e-5, cache_read_input_token_cost: 2.5e-7,
		input_cost_per_token_above_272k_tokens: 5e-6, output_cost_per_token_above_272k_tokens: 2.25e-5, cache_read_input_token_cost_above_272k_tokens: 5e-7,
		input_cost_per_token_priority: 5e-6, output_cost_per_token_priority: 3e-5, cache_read_input_token_cost_priority: 5e-7,
		litellm_provider: 'openai', mode: 'chat',
	},
	'azure/gpt-5.1-codex-mini': {input_cost_per_token: 9e-6, output_cost_per_token: 9e-5, litellm_provider: 'azure'},
	'claude-sonnet-9': {input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, litellm_provider: 'anthropic'},
	'text-embedding-9': {input_cost_per_token: 1e-7, litellm_provider: 'openai', mode: 'embedding'},
};

let server: http.Server;
let listUrl: string;
let conversationId: string;
type Document = {costUsd: number | null; pricing: {checkedOn: string}; tokens: {input: number; cached: number; output: number}};
const show = (): Document => JSON.parse(runCli(['show', conversationId, '--json', '--db', db], {env}).stdout) as Document;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		if (request.url === '/prices.json') {
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(LITELLM_LIST));
		} else {
			response.writeHead(404).end('not found');
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	listUrl = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/prices.json`;
	const served = await startServe(['--db', db, '--no-grpc']);
	await postCapture(served.url, loadCapture('exec-tool'));
	expect(await served.stop()).toBe(0);
	conversationId = (JSON.parse(runCli(['sessions', '--json', '--db', db], {env}).stdout) as Array<{conversationId: string}>)[0]!.conversationId;
});

afterAll(async () => {
	await new Promise(resolve => server.close(resolve));
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('codexmon prices', () => {
	test('update caches the OpenAI models of a LiteLLM list; every later command prices with it, the user\'s overrides still win', async () => {
		const before = show();
		const builtIn = JSON.parse(runCli(['prices', '--json'], {env}).stdout) as {priceList: unknown; models: Array<{model: string; origin: string; input: number}>};
		expect(builtIn.priceList).toBeNull();
		expect(builtIn.models.find(({model}) => model === 'gpt-5.1-codex-mini')).toMatchObject({origin: 'built-in', input: 0.25});

		const updated = await runCliAsync(['prices', 'update', '--url', listUrl], {env});
		expect(updated.stderr).toBe('');
		expect(updated.status).toBe(0);
		expect(updated.stdout).toMatch(/^Fetched 2 OpenAI model prices from http:\/\/127\.0\.0\.1:\d+\/prices\.json on \d{4}-\d{2}-\d{2}; cached in .*prices\.json\n$/);

		const listed = JSON.parse(runCli(['prices', '--json'], {env}).stdout) as {priceList: {source: string}; models: Array<Record<string, unknown>>};
		expect(listed.priceList.source).toBe(listUrl);
		expect(listed.models.find(({model}) => model === 'gpt-5.1-codex-mini')).toEqual({model: 'gpt-5.1-codex-mini', origin: 'price list', input: 0.5, cachedInput: 0.05, output: 4});
		expect(listed.models.find(({model}) => model === 'gpt-9-preview')).toEqual({
			model: 'gpt-9-preview', origin: 'price list', input: 2.5, cachedInput: 0.25, output: 15,
			longContext: {aboveInputTokens: 272_000, input: 5, cachedInput: 0.5, output: 22.5}, priority: {input: 5, cachedInput: 0.5, output: 30},
		});
		expect(listed.models.map(({model}) => model)).not.toContain('claude-sonnet-9');
		expect(listed.models.map(({model}) => model)).not.toContain('text-embedding-9');
		expect(listed.models.find(({model}) => model === 'gpt-5')).toMatchObject({origin: 'built-in'});

		// The same stored session, now at the list's rates.
		const after = show();
		const {input, cached, output} = after.tokens;
		expect(after.costUsd).toBeCloseTo((((input - cached) * 0.5) + (cached * 0.05) + (output * 4)) / 1e6, 10);
		expect(after.pricing.checkedOn).toBe(new Date().toISOString().slice(0, 10));
		expect(after.costUsd).not.toBeCloseTo(before.costUsd!, 10);

		const overrides = path.join(directory, 'mine.toml');
		fs.writeFileSync(overrides, '["gpt-5.1-codex-mini"]\ninput = 1\ncached_input = 0.1\noutput = 8\n');
		const mine = JSON.parse(runCli(['prices', '--json', '--prices', overrides], {env}).stdout) as {models: Array<{model: string; origin: string; input: number}>};
		expect(mine.models.find(({model}) => model === 'gpt-5.1-codex-mini')).toMatchObject({origin: 'override', input: 1});

		// Piped: every column whole. In an 80-column terminal the long-context and priority rates give way.
		const table = runCli(['prices'], {env: {...env, COLUMNS: ''}}).stdout;
		expect(table).toMatch(/^MODEL +INPUT +CACHED +OUTPUT +LONG CONTEXT +PRIORITY +FROM$/m);
		expect(table).toMatch(/^gpt-9-preview +\$2\.5 +\$0\.25 +\$15 +>272k: \$5\/\$22\.5 +\$5\/\$30 +price list$/m);
		const at80 = runCli(['prices'], {env: {...env, COLUMNS: '80'}}).stdout;
		expect(at80).toMatch(/^MODEL +INPUT +CACHED +OUTPUT +PRIORITY +FROM$/m);
		expect(at80).toMatch(/^gpt-9-preview +\$2\.5 +\$0\.25 +\$15 +\$5\/\$30 +price list$/m);
		const at60 = runCli(['prices'], {env: {...env, COLUMNS: '60'}}).stdout;
		expect(at60).toMatch(/^MODEL +INPUT +CACHED +OUTPUT +FROM$/m);
		for (const [width, text] of [[80, at80], [60, at60]] as const) {
			const tableLines = text.split('\n').filter(line => line.startsWith('gpt') || line.startsWith('MODEL'));
			expect(tableLines.length).toBeGreaterThan(20);
			for (const line of tableLines) {
				expect(line.length).toBeLessThanOrEqual(width);
			}
		}
	});

	test('offline or a bad list: one line, exit 1, and the list fetched before is kept', async () => {
		const kept = fs.readFileSync(priceList, 'utf8');
		for (const url of [listUrl.replace('/prices.json', '/missing.json'), 'http://127.0.0.1:9/prices.json']) {
			const failed = await runCliAsync(['prices', 'update', '--url', url], {env});
			expect(failed.status).toBe(1);
			expect(failed.stderr.trim().split('\n')).toHaveLength(1);
			expect(failed.stderr).toMatch(/^codexmon: cannot fetch prices from .*; keeping the price list fetched before/);
			expect(failed.stderr).not.toMatch(/ {4}at /);
			expect(fs.readFileSync(priceList, 'utf8')).toBe(kept);
		}

		const bad = await runCliAsync(['prices', 'update', '--url', 'ftp://example.com/x'], {env});
		expect(bad.status).toBe(1);
		expect(bad.stderr.trim()).toMatch(/--url must be an http\(s\) URL/);
	});

	test('a damaged cached list never stops a start: the built-in table is used and `prices` says what is wrong', () => {
		const damaged = path.join(directory, 'damaged.json');
		fs.writeFileSync(damaged, '{"source": "x", "fetchedAt": "2026-1');
		const damagedEnv = {CODEXMON_PRICE_LIST: damaged};
		const sessions = runCli(['sessions', '--json', '--db', db], {env: damagedEnv});
		expect(sessions.status).toBe(0);
		expect(sessions.stderr).toBe('');
		const prices = runCli(['prices', '--json'], {env: damagedEnv});
		expect(prices.status).toBe(0);
		expect(prices.stderr.trim()).toMatch(/damaged\.json is not valid JSON .*run `codexmon prices update` again$/);
		expect((JSON.parse(prices.stdout) as {priceList: unknown}).priceList).toBeNull();
		expect(runCli(['prices', 'bogus'], {env: damagedEnv}).stderr).toMatch(/unknown prices action "bogus"/);
	});
});
