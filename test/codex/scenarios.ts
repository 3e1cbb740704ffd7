/**
 * What the mock model answers, step by step. A prompt names its scenario with `SCENARIO=<name>`; step N is
 * the answer to the request that carries N tool outputs after that prompt. Every answer's token usage is
 * scripted, so a session's expected totals are the sums below.
 */
export type Usage = {input: number; cached: number; output: number; reasoning: number};

export type Step =
	| {kind: 'call'; cmd: string; escalate?: {justification: string}}
	| {kind: 'message'; text: string};

/** What the mock does instead of answering a step's first attempt: an HTTP error, or a stream cut before `response.completed`. */
export type Fault = {kind: 'status'; status: 429 | 500; retryAfterSeconds?: number} | {kind: 'cut'};

export type Scenario = {name: string; prompt: string; steps: Step[]; usage: Usage[]; faults?: Array<Fault | undefined>};

/** Distinct per scenario and per step, so tokens credited to the wrong session or request show. */
function scriptedUsage(seed: number, steps: number): Usage[] {
	return Array.from({length: steps}, (_, step) => ({
		input: 1000 + (100 * seed) + (137 * step),
		cached: 600 + (10 * seed) + (11 * step),
		output: 40 + seed + (3 * step),
		reasoning: 8 + step,
	}));
}

function scenario(name: string, seed: number, prompt: string, steps: Step[]): Scenario {
	return {name, prompt: `SCENARIO=${name} ${prompt}`, steps, usage: scriptedUsage(seed, steps.length)};
}

const call = (cmd: string): Step => ({kind: 'call', cmd});
const message = (text: string): Step => ({kind: 'message', text});

export const SIMPLE = scenario('simple', 1, 'Say hello.', [message('Hello from the mock model.')]);

export const TOOL = scenario('tool', 2, 'Run echo hi and tell me what it printed.', [call('echo hi'), message('The command printed: hi')]);

export const FAIL = scenario('fail', 3, 'List a directory that does not exist.', [call('ls /definitely/not/here && echo never'), message('The command failed (exit code 2).')]);

/** The same command with the same output four times: one past codexmon's default loop threshold (3). */
export const LOOP = scenario('loop', 4, 'Keep running echo loop until told otherwise.', [...Array.from({length: 4}, () => call('echo loop')), message('I ran echo loop 4 times; stopping.')]);

/** Two commands alternating for three rounds: codexmon's default cycle threshold. */
export const PING_PONG = scenario('pingpong', 5, 'Alternate echo ping and echo pong.', [...Array.from({length: 3}, () => [call('echo ping'), call('echo pong')]).flat(), message('Ping-pong done.')]);

/** A tool call whose telemetry travels as OTLP/JSON instead of protobuf. */
export const TOOL_JSON = scenario('tooljson', 7, 'Run echo json and report it over OTLP/JSON.', [call('echo json'), message('The command printed: json')]);

/** Run with the warm-up answered with usage (`exec-loop-warmup-usage`), which Codex leaves out of its totals. */
export const WARMUP = scenario('warmup', 10, 'Run echo warm and tell me what it printed.', [call('echo warm'), message('The command printed: warm')]);

/** Run where the WebSocket handshake is refused (`exec-ws-fallback`): Codex falls back to HTTP. */
export const FALLBACK = scenario('fallback', 11, 'Run echo fallback and tell me what it printed.', [call('echo fallback'), message('The command printed: fallback')]);

/**
 * The faults of the real `exec-api-errors` capture (fixtures/codex-0.171.0): a 429 with `retry-after: 1`, a 500
 * and a stream cut after `response.output_item.added`, each on the first attempt of one step; the retry succeeds.
 */
export const API_ERRORS = {
	...scenario('apierrors', 9, 'Run echo one, then echo two.', [call('echo one'), call('echo two'), message('Both commands ran: one, two.')]),
	faults: [{kind: 'status', status: 429, retryAfterSeconds: 1}, {kind: 'status', status: 500}, {kind: 'cut'}],
} satisfies Scenario;

/** A command outside the sandbox: under approval_policy "on-request" the interactive TUI asks the user. */
export function escalateScenario(name: string, seed: number, probePath: string): Scenario {
	return scenario(name, seed, `Create the probe file ${probePath}.`, [
		{kind: 'call', cmd: `touch ${probePath}`, escalate: {justification: 'The probe file lives outside the workspace.'}},
		message('Escalation request finished.'),
	]);
}

/** The TUI's hidden title thread: answered apart from any scenario, with its own fixed usage. */
export const TITLE_USAGE: Usage = {input: 300, cached: 0, output: 5, reasoning: 0};
export const TITLE_TEXT = 'Mock session title';

export function totalUsage(usage: Usage[]): Usage & {total: number} {
	const sum = (key: keyof Usage) => usage.reduce((total, entry) => total + entry[key], 0);
	return {input: sum('input'), cached: sum('cached'), output: sum('output'), reasoning: sum('reasoning'), total: sum('input') + sum('output')};
}

export function callCommands(scenario: Scenario): string[] {
	return scenario.steps.flatMap(step => step.kind === 'call' ? [step.cmd] : []);
}
