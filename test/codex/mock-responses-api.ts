import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {TITLE_TEXT, TITLE_USAGE, type Scenario, type Step, type Usage} from './scenarios.js';

/** One `POST /v1/responses` as the mock understood it. */
export type ServedRequest = {scenario: string; step: number; title: boolean; error?: string};

type InputItem = {type?: string; role?: string; content?: Array<{type?: string; text?: string}> | string};

const TITLE_PROMPT = 'Generate a concise, single-line task title';

function itemText(item: InputItem): string {
	if (typeof item.content === 'string') {
		return item.content;
	}

	return (item.content ?? []).map(part => part.text ?? '').join('');
}

/**
 * Finds the scenario and step from the conversation Codex sends: the last real user message (Codex's own
 * injected context starts with `<`) names the scenario, and the tool outputs after it count the steps done.
 * Stateless like the capture mock, so a retried or concurrent request still gets the right answer.
 */
export function routeRequest(input: InputItem[], scenarios: ReadonlyMap<string, Scenario>): {title: true} | {title: false; scenario: Scenario; step: number} | {error: string} {
	const userMessages = input.map((item, index) => ({item, index})).filter(({item}) => item.type === 'message' && item.role === 'user');
	if (userMessages.some(({item}) => itemText(item).includes(TITLE_PROMPT))) {
		return {title: true};
	}

	const last = userMessages.filter(({item}) => !itemText(item).trimStart().startsWith('<')).at(-1);
	const name = last && /SCENARIO=(\S+)/.exec(itemText(last.item))?.[1];
	const scenario = name ? scenarios.get(name) : undefined;
	if (!last || !scenario) {
		return {error: `no known SCENARIO= in the last user message (${name ?? 'none'})`};
	}

	const step = input.slice(last.index + 1).filter(item => item.type === 'function_call_output').length;
	if (step >= scenario.steps.length) {
		return {error: `scenario ${scenario.name} has no step ${step}`};
	}

	return {title: false, scenario, step};
}

function frame(type: string, data: Record<string, unknown>): string {
	return `event: ${type}\ndata: ${JSON.stringify({type, ...data})}\n\n`;
}

function usageBody(usage: Usage) {
	return {
		input_tokens: usage.input,
		input_tokens_details: {cached_tokens: usage.cached},
		output_tokens: usage.output,
		output_tokens_details: {reasoning_tokens: usage.reasoning},
		total_tokens: usage.input + usage.output,
	};
}

/** The SSE stream of one answer, in the Responses API's order. */
export function responseFrames(step: Step, usage: Usage, id: string): string {
	const frames = [frame('response.created', {response: {id}})];
	if (step.kind === 'call') {
		const item = {
			type: 'function_call',
			id: `fc_${id}`,
			call_id: `call_${id}`,
			name: 'exec_command',
			arguments: JSON.stringify({cmd: step.cmd, yield_time_ms: 2000, ...(step.escalate ? {sandbox_permissions: 'require_escalated', justification: step.escalate.justification} : {})}),
		};
		frames.push(frame('response.output_item.added', {output_index: 0, item}), frame('response.output_item.done', {output_index: 0, item}));
	} else {
		const item = {type: 'message', role: 'assistant', id: `msg_${id}`, phase: 'final_answer'};
		frames.push(
			frame('response.output_item.added', {output_index: 0, item: {...item, content: []}}),
			frame('response.output_text.delta', {output_index: 0, content_index: 0, item_id: item.id, delta: step.text}),
			frame('response.output_item.done', {output_index: 0, item: {...item, content: [{type: 'output_text', text: step.text, annotations: []}]}}),
		);
	}

	frames.push(frame('response.completed', {response: {id, usage: usageBody(usage)}}));
	return frames.join('');
}

export type MockResponsesApi = {port: number; baseUrl: string; served: ServedRequest[]; close(): Promise<void>};

/** A Responses API on 127.0.0.1 that plays the given scenarios. Anything it does not know is a 4xx, recorded. */
export async function startMockResponsesApi(scenarios: Scenario[]): Promise<MockResponsesApi> {
	const byName = new Map(scenarios.map(scenario => [scenario.name, scenario]));
	const served: ServedRequest[] = [];
	let sequence = 0;
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const url = request.url ?? '';
			if (request.method === 'POST' && url.endsWith('/analytics/codex/turn-costs')) {
				response.writeHead(200, {'content-type': 'application/json'}).end('{"turns":[]}');
				return;
			}

			if (request.method !== 'POST' || !url.startsWith('/v1/responses')) {
				response.writeHead(404).end();
				return;
			}

			let input: InputItem[];
			try {
				input = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as {input?: InputItem[]}).input ?? [];
			} catch (error) {
				served.push({scenario: '?', step: -1, title: false, error: `unreadable body (content-encoding ${request.headers['content-encoding'] ?? 'none'}): ${(error as Error).message}`});
				response.writeHead(400).end();
				return;
			}

			const route = routeRequest(input, byName);
			if ('error' in route) {
				served.push({scenario: '?', step: -1, title: false, error: route.error});
				response.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({error: {message: route.error}}));
				return;
			}

			const id = `mock_${++sequence}`;
			response.writeHead(200, {'content-type': 'text/event-stream', 'cache-control': 'no-cache'});
			if (route.title) {
				served.push({scenario: 'title', step: 0, title: true});
				response.end(responseFrames({kind: 'message', text: TITLE_TEXT}, TITLE_USAGE, id));
				return;
			}

			served.push({scenario: route.scenario.name, step: route.step, title: false});
			response.end(responseFrames(route.scenario.steps[route.step]!, route.scenario.usage[route.step]!, id));
		});
	});
	// Codex reuses pooled connections; a socket closed under it loses a request (see CODEX-TELEMETRY.md §0.10).
	server.keepAliveTimeout = 120_000;
	server.headersTimeout = 121_000;
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		port,
		baseUrl: `http://127.0.0.1:${port}/v1`,
		served,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
		},
	};
}
