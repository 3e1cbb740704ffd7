import {TITLE_TEXT, TITLE_USAGE, type Scenario, type Step, type Usage} from './scenarios.js';

/** The Responses API input items the mock reads: messages and tool outputs. */
export type InputItem = {type?: string; role?: string; content?: Array<{type?: string; text?: string}> | string};

/** One Responses stream event (an SSE `data:` payload, or one WebSocket text frame). */
export type ResponseEvent = {type: string} & Record<string, unknown>;

export type Route = {title: true} | {title: false; scenario: Scenario; step: number} | {error: string};

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
 * Stateless like the capture mock, so a retried or concurrent request still gets the right answer. Over
 * WebSocket the caller first rebuilds the full input from the connection's history.
 */
export function routeRequest(input: InputItem[], scenarios: ReadonlyMap<string, Scenario>): Route {
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

/** `function_call_output`, `message:user`, …: what an input item is, for the mock's log. */
export function itemKinds(input: InputItem[]): string[] {
	return input.map(item => item.type === 'message' ? `message:${item.role ?? '?'}` : item.type ?? '?');
}

/** The error bodies of the real 429 and 500 of the `exec-api-errors` capture. */
export const ERROR_BODIES: Record<429 | 500, {error: Record<string, unknown>}> = {
	429: {error: {message: 'Rate limit reached for gpt-5.1-codex-mini in organization org-mock on tokens per min (TPM): Limit 200000, Used 199000, Requested 2301. Please try again in 1s.', type: 'tokens', param: null, code: 'rate_limit_exceeded'}},
	500: {error: {message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null}},
};

export function usageBody(usage: Usage) {
	return {
		input_tokens: usage.input,
		input_tokens_details: {cached_tokens: usage.cached},
		output_tokens: usage.output,
		output_tokens_details: {reasoning_tokens: usage.reasoning},
		total_tokens: usage.input + usage.output,
	};
}

/** The output item one scripted step answers with. */
export function outputItem(step: Step, id: string): Record<string, unknown> {
	if (step.kind === 'call') {
		return {
			type: 'function_call',
			id: `fc_${id}`,
			call_id: `call_${id}`,
			name: 'exec_command',
			arguments: JSON.stringify({cmd: step.cmd, yield_time_ms: 2000, ...(step.escalate ? {sandbox_permissions: 'require_escalated', justification: step.escalate.justification} : {})}),
		};
	}

	return {type: 'message', role: 'assistant', id: `msg_${id}`, phase: 'final_answer', content: [{type: 'output_text', text: step.text, annotations: []}]};
}

/** The events of one answer, in the Responses API's order; the same on both transports. */
export function responseEvents(step: Step, usage: Usage, id: string): ResponseEvent[] {
	const events: ResponseEvent[] = [{type: 'response.created', response: {id}}];
	const item = outputItem(step, id);
	if (step.kind === 'call') {
		events.push({type: 'response.output_item.added', output_index: 0, item}, {type: 'response.output_item.done', output_index: 0, item});
	} else {
		events.push(
			{type: 'response.output_item.added', output_index: 0, item: {...item, content: []}},
			{type: 'response.output_text.delta', output_index: 0, content_index: 0, item_id: item.id, delta: step.text},
			{type: 'response.output_item.done', output_index: 0, item},
		);
	}

	events.push({type: 'response.completed', response: {id, usage: usageBody(usage)}});
	return events;
}

/** The answer to a `generate: false` warm-up: created and completed, no output; usage only if asked for. */
export function warmupEvents(id: string, usage?: Usage): ResponseEvent[] {
	return [
		{type: 'response.created', response: {id}},
		{type: 'response.completed', response: {id, output: [], ...(usage ? {usage: usageBody(usage)} : {})}},
	];
}

export function titleStep(): {step: Step; usage: Usage} {
	return {step: {kind: 'message', text: TITLE_TEXT}, usage: TITLE_USAGE};
}

export function sseFrame(event: ResponseEvent): string {
	return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
