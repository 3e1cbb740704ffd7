import type {CodexEvent, RateLimitsEvent, RateLimitWindow, TurnOutcome} from './codex-event.js';
import {makeUsage, type TokenUsage} from './tokens.js';
import {IGNORED_EVENT_MESSAGES, IGNORED_TYPES} from './rollout-line-filter.js';

/** A model event read from a rollout file, with the turn it belongs to (null before the first turn). */
export type RolloutEvent = {event: CodexEvent; turnId: string | null};

export type RolloutTurn = {turnId: string; startMs: number; endMs: number};

/** Everything one rollout gave for a conversation, as stored. */
export type ImportedRollout = {events: RolloutEvent[]; turns: RolloutTurn[]};

export type RolloutConversion = {
	conversationId: string | null;
	events: RolloutEvent[];
	turns: RolloutTurn[];
	lines: number;
	/** Lines not turned into events, by reason: unknown types and malformed lines are never fatal. */
	skipped: Record<string, number>;
};

type Json = Record<string, unknown>;

type PendingCall = {callId: string; tool: string; namespace: string; arguments: string; atMs: number; turnId: string | null};

type CallItem = {status: string; durationMs: number | null};

/** Tools that run a command: when no execution item reports on them, they never ran (rejected). */
const COMMAND_TOOLS = new Set(['exec_command', 'shell', 'local_shell', 'container.exec', 'shell_command']);

const ABORTED_OUTPUT = /^(?:Wall time: [\d.]+ seconds\n)?aborted(?: by user)?/;

/** Where a streaming conversion puts what it produces, as it goes (ordinals are the events' order). */
export type RolloutSink = {
	event(ordinal: number, event: RolloutEvent): void;
	/** Takes back events already given (usage derived from `token_count` once a `token_usage_record` shows up). */
	retract(ordinals: readonly number[]): void;
	turn(turn: RolloutTurn): void;
};

export type RolloutConverter = {
	/** One line of the file, as bytes. */
	pushBytes(bytes: Buffer, start: number, end: number): void;
	/** Lines passed over unread (see `isIgnorableLine`): counted, nothing else. */
	countIgnored(lines: number): void;
	push(line: string): void;
	/**
	 * Writes what waits for the file's end (the open turn, a start without a turn context) and gives the
	 * totals so far; lines may still be pushed after it (a file Codex is still writing).
	 */
	finish(): Omit<RolloutConversion, 'events' | 'turns'>;
	/** The file's own conversation, once its `session_meta` was read. */
	conversationId(): string | null;
};

export type ConverterOptions = {
	/**
	 * The turns already known of another thread (its imported rollout): in a file whose lines carry no thread
	 * ids (older Codex), copied history ends at the first turn that is not one of the parent's.
	 */
	turnsOf?: (conversationId: string) => ReadonlySet<string> | undefined;
};

/** Ordinals kept for the events a file opens with, written once what they need was read. */
const STARTS_ORDINAL = 0;
const PARENT_LINK_ORDINAL = 1;
const FIRST_FREE_ORDINAL = 2;
/** Lines held while waiting for the `session_meta` line (Codex writes it first). */
const MAX_LINES_BEFORE_META = 10_000;

/**
 * Converts the lines of one Codex rollout file (`sessions/YYYY/MM/DD/rollout-*.jsonl`) into the model
 * events OTLP telemetry would have produced, so an imported session goes through the same engine.
 * Token usage comes from `token_usage_record` (one per model response) or, in files without them, from
 * the growth of `token_count`'s cumulative total, never both.
 */
export function rolloutToEvents(lines: Iterable<string>): RolloutConversion {
	const events: Array<{ordinal: number; event: RolloutEvent}> = [];
	const turns: RolloutTurn[] = [];
	const converter = createRolloutConverter({
		event: (ordinal, event) => events.push({ordinal, event}),
		retract(ordinals) {
			const dropped = new Set(ordinals);
			for (let index = events.length - 1; index >= 0; index--) {
				if (dropped.has(events[index]!.ordinal)) {
					events.splice(index, 1);
				}
			}
		},
		turn: turn => turns.push(turn),
	});
	for (const line of lines) {
		converter.push(line);
	}

	const totals = converter.finish();
	return {...totals, events: events.sort((a, b) => a.ordinal - b.ordinal).map(({event}) => event), turns};
}

/**
 * The same conversion, a line at a time: memory stays flat whatever the file's length. A fork or a
 * sub-agent started with its parent's history holds copies of the parent's lines; they are told apart by
 * exact signals (a second `session_meta` of another thread, a record of another thread id, a
 * `response_id` already counted), never by timing, and counted once: in the parent.
 */
export function createRolloutConverter(sink: RolloutSink, options: ConverterOptions = {}): RolloutConverter {
	const skipped: Record<string, number> = {};
	const skip = (reason: string) => {
		skipped[reason] = (skipped[reason] ?? 0) + 1;
	};

	let lineCount = 0;
	let ordinal = FIRST_FREE_ORDINAL;
	let meta: Json | undefined;
	let conversationId: string | null = null;
	let waiting: Array<{atMs: number; type: string; payload: Json}> | undefined = [];
	let startsWritten = false;
	let lastAtMs = 0;
	let hasUsageRecords = false;
	/** Ordinals of requests derived from `token_count`, taken back if the file turns out to have usage records. */
	let derived: number[] = [];
	/** Inside history copied from another thread: it is the parent's, not this file's. */
	let copying = false;
	/** The thread copied history comes from, and its known turns (undefined: unknown). */
	let copiedFrom: {id: string; turns: ReadonlySet<string> | undefined} | undefined;
	/** Whether this file's lines carry thread ids (Codex 0.16x on): copied history then ends at the first own one. */
	let threadIds = false;
	const seenResponses = new Set<string>();
	const items = new Map<string, CallItem>();
	const calls = new Map<string, PendingCall>();
	let turnId: string | null = null;
	let turnStartMs = 0;
	let model = '';
	/** When the current model request began: the turn's start, or the last tool output it was sent. */
	let requestStartMs = 0;
	let countedTotal: TokenUsage | undefined;
	let metaMs = 0;

	const emitAt = (at: number, atMs: number, turn: string | null, event: Record<string, unknown>) => {
		sink.event(at, {event: {conversationId, atMs, ...event} as CodexEvent, turnId: turn});
	};

	const emit = (atMs: number, turn: string | null, event: Record<string, unknown>) => {
		emitAt(ordinal++, atMs, turn, event);
	};

	const writeStarts = (context: Json | undefined) => {
		startsWritten = true;
		const originator = stringOf(meta!.originator) ?? '';
		emitAt(STARTS_ORDINAL, metaMs, null, {
			kind: 'conversation_starts',
			serviceName: originator === 'codex_exec' ? 'codex_exec' : '',
			originator,
			model: stringOf(context?.model) ?? '',
			provider: stringOf(meta!.model_provider) ?? '',
			approvalPolicy: stringOf(context?.approval_policy) ?? '',
			sandboxPolicy: sandboxOf(context?.sandbox_policy),
			reasoningEffort: stringOf(context?.effort) ?? stringOf(context?.reasoning_effort) ?? '',
			mcpServers: '',
			appVersion: stringOf(meta!.cli_version) ?? '',
			resource: resourceOfMeta(meta!, originator),
		});
	};

	const openMeta = (atMs: number, payload: Json) => {
		meta = payload;
		conversationId = stringOf(payload.id) ?? stringOf(payload.session_id) ?? null;
		metaMs = Date.parse(stringOf(payload.timestamp) ?? '') || atMs;
		turnStartMs = metaMs;
		requestStartMs = metaMs;
		const parent = stringOf(payload.parent_thread_id) ?? stringOf(field(payload, 'source', 'subagent', 'thread_spawn', 'parent_thread_id'));
		if (conversationId && parent) {
			emitAt(PARENT_LINK_ORDINAL, metaMs, null, {kind: 'subagent_spawned', parentConversationId: parent, callId: '', nickname: stringOf(payload.agent_nickname) ?? ''});
		}
	};

	const endTurn = (atMs: number, id: string | null) => {
		const ending = id ?? turnId;
		if (!ending) {
			return;
		}

		sink.turn({turnId: ending, startMs: turnStartMs, endMs: atMs});
		emit(atMs, ending, {kind: 'turn_span', turnId: ending, startMs: turnStartMs, endMs: atMs, model, usage: null});
		turnId = null;
		items.clear();
	};

	const accept = (record: {atMs: number; type: string; payload: Json}) => {
		if (!conversationId) {
			if (record.type === 'session_meta') {
				openMeta(record.atMs, record.payload);
			}

			if (!conversationId) {
				if (waiting && waiting.length < MAX_LINES_BEFORE_META) {
					waiting.push(record);
				} else {
					waiting = undefined;
				}

				return;
			}

			const held = waiting ?? [];
			waiting = undefined;
			for (const early of held) {
				handle(early);
			}

			return;
		}

		handle(record);
	};

	return {
		pushBytes(bytes, start, end) {
			if (end <= start || isBlank(bytes, start, end)) {
				return;
			}

			lineCount++;
			const record = parseLine(bytes.toString('utf8', start, end));
			if (typeof record === 'string') {
				skip(record);
			} else {
				accept(record);
			}
		},
		countIgnored(lines) {
			lineCount += lines;
		},
		push(line) {
			if (line.trim() === '') {
				return;
			}

			lineCount++;
			const record = parseLine(line);
			if (typeof record === 'string') {
				skip(record);
			} else {
				accept(record);
			}
		},
		finish() {
			if (!conversationId) {
				if (lineCount > 0 && (waiting === undefined || waiting.length > 0)) {
					skip('no session_meta');
				}

				return {conversationId: null, lines: lineCount, skipped: {...skipped}};
			}

			if (!startsWritten) {
				writeStarts(undefined);
				// Written again, with the model, when the first turn context comes.
				startsWritten = false;
			}

			// A file that ends inside a turn (Codex still running, or killed): the turn is open until its last line.
			if (turnId) {
				sink.turn({turnId, startMs: turnStartMs, endMs: lastAtMs});
			}

			return {conversationId, lines: lineCount, skipped: {...skipped}};
		},
		conversationId: () => conversationId,
	};

	function emitRequest(atMs: number, usage: TokenUsage, id: string | null) {
		const startMs = Math.min(requestStartMs, atMs);
		emit(atMs, id, {kind: 'api_request', durationMs: atMs - startMs, status: 200, attempt: 1, error: null});
		emit(atMs, id, {kind: 'sse_usage', usage, cacheWrite: 0});
		requestStartMs = atMs;
	}

	/** Whether a record was copied from another thread's history, and so is not this file's to count. */
	function isCopied(type: string, payload: Json): boolean {
		if (type === 'session_meta') {
			const id = stringOf(payload.id) ?? stringOf(payload.session_id);
			// A second session_meta of another thread: the history copied from it starts here.
			if (id && id !== conversationId) {
				copying = true;
				copiedFrom = {id, turns: options.turnsOf?.(id)};
			}

			return true;
		}

		const thread = stringOf(payload.thread_id);
		if (thread !== undefined) {
			threadIds = true;
			if (thread === conversationId) {
				copying = false;
			}

			return thread !== conversationId;
		}

		if (copying && !threadIds) {
			// No thread ids to tell: the copy ends at the first turn that is not one of the parent's known turns.
			const turn = type === 'event_msg' && payload.type === 'task_started' ? stringOf(payload.turn_id) : undefined;
			if (copiedFrom?.turns === undefined || (turn !== undefined && !copiedFrom.turns.has(turn))) {
				copying = false;
			}
		}

		return copying;
	}

	function handle({atMs, type, payload}: {atMs: number; type: string; payload: Json}) {
		lastAtMs = atMs;
		if (isCopied(type, payload)) {
			if (type !== 'session_meta') {
				skip('copied from another thread');
			}

			// Copied cumulative totals are the parent's: they only move the point this file's own growth counts from.
			const total = type === 'event_msg' && payload.type === 'token_count' ? usageOf((payload.info as Json | undefined)?.total_token_usage) : undefined;
			if (total) {
				countedTotal = total;
			}

			return;
		}

		if (type === 'event_msg' && payload.type === 'item_completed') {
			const item = payload.item as Json | undefined;
			if (item && typeof item.id === 'string' && typeof item.status === 'string') {
				items.set(item.id, {status: item.status, durationMs: durationOf(item.duration) ?? spanMs(payload)});
			}
		}

		if (!startsWritten && type === 'turn_context') {
			writeStarts(payload);
		}

		switch (type) {
			case 'session_meta': {
				break;
			}

			case 'compacted': {
				emit(atMs, turnId, {kind: 'compaction', turnId: turnId ?? '', startMs: atMs, endMs: atMs});
				break;
			}

			case 'turn_context': {
				model = stringOf(payload.model) ?? model;
				break;
			}

			case 'token_usage_record': {
				const usage = usageOf(payload.usage);
				const responseId = stringOf(payload.response_id);
				if (!hasUsageRecords) {
					hasUsageRecords = true;
					sink.retract(derived);
					derived = [];
				}

				if (responseId && seenResponses.has(responseId)) {
					skip('replayed response');
				} else if (usage) {
					if (responseId) {
						seenResponses.add(responseId);
					}

					emitRequest(atMs, usage, stringOf(payload.turn_id) ?? turnId);
				} else {
					skip('token_usage_record without usage');
				}

				break;
			}

			case 'event_msg': {
				const kind = stringOf(payload.type) ?? '';
				if (kind === 'task_started') {
					if (turnId) {
						endTurn(atMs, turnId);
					}

					turnId = stringOf(payload.turn_id) ?? null;
					turnStartMs = atMs;
					requestStartMs = atMs;
				} else if (kind === 'task_complete' || kind === 'turn_aborted') {
					const ending = stringOf(payload.turn_id) ?? turnId;
					for (const call of calls.values()) {
						if (kind === 'turn_aborted' && call.turnId === ending) {
							emit(atMs, ending, {kind: 'tool_span', turnId: ending ?? '', callId: call.callId, tool: call.tool, startMs: call.atMs, endMs: atMs, aborted: true});
						}
					}

					if (ending) {
						emit(atMs, ending, {kind: 'turn_outcome', turnId: ending, turnStartMs: turnId === ending ? turnStartMs : null, ...outcomeOf(kind, payload)});
					}

					if (kind === 'task_complete' && isUsageLimitError(payload.error)) {
						emit(atMs, ending, {kind: 'usage_limit_reached', turnId: ending ?? '', message: stringOf((payload.error as Json).message) ?? 'usage limit reached'});
					}

					endTurn(atMs, ending);
				} else if (kind === 'item_completed') {
					const item = payload.item as Json | undefined;
					if (item?.type === 'UserMessage') {
						const prompt = textOf(item.content);
						emit(atMs, stringOf(payload.turn_id) ?? turnId, {kind: 'user_prompt', prompt, promptLength: prompt.length, model});
					} else if (item?.type === 'AgentMessage') {
						const id = stringOf(payload.turn_id) ?? turnId;
						emit(atMs, id, {kind: 'agent_response', turnId: id ?? '', agentType: '', parentConversationId: null, response: textOf(item.content)});
					}
				} else if (kind === 'token_count') {
					const limits = rateLimitsOf(payload.rate_limits);
					if (limits) {
						emit(atMs, turnId, {kind: 'rate_limits', ...limits});
					}

					if (!hasUsageRecords) {
						const total = usageOf((payload.info as Json | undefined)?.total_token_usage);
						// A total below the last one is a counter that started again (a new thread): it all counts.
						const grown = total && countedTotal && total.total >= countedTotal.total ? subtractUsage(total, countedTotal) : total;
						if (total && grown && grown.total > 0) {
							countedTotal = total;
							derived.push(ordinal, ordinal + 1);
							emitRequest(atMs, grown, turnId);
						}
					}
				} else if (!IGNORED_EVENT_MESSAGES.has(kind)) {
					skip(`event_msg ${kind || '(no type)'}`);
				}

				break;
			}

			case 'response_item': {
				const kind = stringOf(payload.type) ?? '';
				if (kind === 'web_search_call') {
					emit(atMs, turnId, {kind: 'web_search', phase: 'completed', query: stringOf(field(payload, 'action', 'query')) ?? ''});
					break;
				}

				if (kind === 'function_call' || kind === 'custom_tool_call' || kind === 'local_shell_call') {
					const callId = stringOf(payload.call_id) ?? stringOf(payload.id) ?? '';
					const id = turnOfItem(payload) ?? turnId;
					calls.set(callId, {
						callId,
						tool: stringOf(payload.name) ?? (kind === 'local_shell_call' ? 'local_shell' : ''),
						namespace: stringOf(payload.namespace) ?? '',
						arguments: stringOf(payload.arguments) ?? stringOf(payload.input) ?? JSON.stringify(payload.action ?? ''),
						atMs,
						turnId: id,
					});
				} else if (kind === 'function_call_output' || kind === 'custom_tool_call_output') {
					const callId = stringOf(payload.call_id) ?? '';
					const call = calls.get(callId);
					const output = outputOf(payload.output);
					requestStartMs = atMs;
					if (!call) {
						skip('tool output without its call');
						break;
					}

					calls.delete(callId);
					if (ABORTED_OUTPUT.test(output)) {
						emit(atMs, call.turnId, {kind: 'tool_span', turnId: call.turnId ?? '', callId, tool: call.tool, startMs: call.atMs, endMs: atMs, aborted: true});
						break;
					}

					const item = items.get(callId);
					items.delete(callId);
					emit(atMs, call.turnId, {
						kind: 'tool_result',
						callId,
						tool: call.tool,
						namespace: call.namespace,
						arguments: call.arguments,
						output,
						outputTruncated: false,
						durationMs: item?.durationMs ?? Math.max(0, atMs - call.atMs),
						// As in Codex's telemetry: a command that ran succeeded as a tool call, whatever its exit code.
						success: item ? item.status !== 'declined' : (COMMAND_TOOLS.has(call.tool) ? false : null),
						agentName: '',
					});
					const child = call.tool === 'spawn_agent' ? spawnedAgent(output) : undefined;
					if (child) {
						sink.event(ordinal++, {event: {conversationId: child.agentId, atMs, kind: 'subagent_spawned', parentConversationId: conversationId!, callId, nickname: child.nickname}, turnId: null});
					}
				}

				break;
			}

			default: {
				if (!IGNORED_TYPES.has(type)) {
					skip(`type ${type}`);
				}
			}
		}
	}

}

/** The telemetry service name of an entry point whose originator differs from it; others keep the originator. */
const SERVICE_OF_ORIGINATOR: Record<string, string> = {codex_exec: 'codex_exec'};

/**
 * What session_meta says of where the session ran, as the resource attributes reports group by: the project
 * (the git repository's name, else the working directory's), the service, the directory and git state.
 */
function resourceOfMeta(meta: Json, originator: string): Record<string, string> {
	const resource: Record<string, string> = {};
	const cwd = stringOf(meta.cwd);
	const git = (typeof meta.git === 'object' && meta.git !== null ? meta.git : {}) as Json;
	const repository = stringOf(git.repository_url);
	const project = repository ? repository.replace(/\.git$/, '').split(/[/:]/).filter(Boolean).at(-1) : (cwd ? cwd.split(/[/\\]/).filter(Boolean).at(-1) : undefined);
	const service = SERVICE_OF_ORIGINATOR[originator] ?? (originator || undefined);
	const entries: Array<[string, string | undefined]> = [
		['project', project],
		['service.name', service],
		['process.cwd', cwd],
		['vcs.repository.url', repository],
		['vcs.ref.head.name', stringOf(git.branch)],
		['vcs.ref.head.revision', stringOf(git.commit_hash)],
	];
	for (const [key, value] of entries) {
		if (value) {
			resource[key] = value;
		}
	}

	return resource;
}

function isBlank(bytes: Buffer, start: number, end: number): boolean {
	for (let index = start; index < end; index++) {
		const byte = bytes[index]!;
		if (byte !== 32 && byte !== 9 && byte !== 13) {
			return false;
		}
	}

	return true;
}

/** `turn_aborted {reason}`, or `task_complete` with an `error {message, codex_error_info}` when the turn failed. */
function outcomeOf(kind: string, payload: Json): {outcome: TurnOutcome; error: string | null} {
	if (kind === 'turn_aborted') {
		const reason = stringOf(payload.reason);
		return {outcome: 'interrupted', error: reason && reason !== 'interrupted' ? reason : null};
	}

	const error = payload.error as Json | undefined;
	if (error && typeof error === 'object') {
		const info = stringOf(error.codex_error_info);
		const message = stringOf(error.message);
		return {outcome: 'failed', error: [info?.replaceAll('_', ' '), message].filter(Boolean).join(': ') || 'error'};
	}

	return {outcome: 'completed', error: null};
}

function parseLine(line: string): {atMs: number; type: string; payload: Json} | string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(line);
	} catch {
		return 'malformed JSON';
	}

	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return 'not a record';
	}

	const {type, payload, timestamp} = parsed as Json;
	if (typeof type !== 'string' || typeof payload !== 'object' || payload === null) {
		return 'no type or payload';
	}

	const atMs = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
	if (!Number.isFinite(atMs)) {
		return 'no timestamp';
	}

	return {atMs, type, payload: payload as Json};
}

function stringOf(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A nested value of a record, or undefined where any step is missing. */
function field(record: Json, ...path: string[]): unknown {
	let value: unknown = record;
	for (const key of path) {
		value = typeof value === 'object' && value !== null ? (value as Json)[key] : undefined;
	}

	return value;
}

function numberOf(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function usageOf(value: unknown): TokenUsage | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const raw = value as Json;
	return makeUsage({input: numberOf(raw.input_tokens), cached: numberOf(raw.cached_input_tokens), output: numberOf(raw.output_tokens), reasoning: numberOf(raw.reasoning_output_tokens)});
}

function subtractUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
	return makeUsage({input: a.input - b.input, cached: a.cached - b.cached, output: a.output - b.output, reasoning: a.reasoning - b.reasoning});
}

function sandboxOf(value: unknown): string {
	if (typeof value === 'string') {
		return value;
	}

	return stringOf((value as Json | undefined)?.type) ?? stringOf((value as Json | undefined)?.mode) ?? '';
}

/** Text of a message's content parts (`text`, `input_text`, `output_text`). */
function textOf(content: unknown): string {
	if (typeof content === 'string') {
		return content;
	}

	if (!Array.isArray(content)) {
		return '';
	}

	return content.map(part => stringOf((part as Json | undefined)?.text) ?? '').join('');
}

function outputOf(output: unknown): string {
	if (typeof output === 'string') {
		return output;
	}

	const content = (output as Json | undefined)?.content;
	return typeof content === 'string' ? content : textOf(content ?? output);
}

function turnOfItem(payload: Json): string | undefined {
	return stringOf((payload.internal_chat_message_metadata_passthrough as Json | undefined)?.turn_id);
}

function durationOf(value: unknown): number | undefined {
	const secs = numberOf((value as Json | undefined)?.secs);
	const nanos = numberOf((value as Json | undefined)?.nanos);
	return secs === undefined ? undefined : (secs * 1000) + ((nanos ?? 0) / 1e6);
}

function spanMs(payload: Json): number | null {
	const started = numberOf(payload.started_at_ms);
	const completed = numberOf(payload.completed_at_ms);
	return started !== undefined && completed !== undefined ? completed - started : null;
}

/** `token_count.rate_limits`, or undefined when it has no window (Codex got no rate-limit headers). */
function rateLimitsOf(value: unknown): Pick<RateLimitsEvent, 'limitId' | 'planType' | 'primary' | 'secondary'> | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const raw = value as Json;
	const primary = rateLimitWindowOf(raw.primary);
	const secondary = rateLimitWindowOf(raw.secondary);
	return primary || secondary ? {limitId: stringOf(raw.limit_id) ?? null, planType: stringOf(raw.plan_type) ?? null, primary, secondary} : undefined;
}

function rateLimitWindowOf(value: unknown): RateLimitWindow | null {
	const usedPercent = numberOf((value as Json | null | undefined)?.used_percent);
	if (usedPercent === undefined) {
		return null;
	}

	const resetsAt = numberOf((value as Json).resets_at);
	return {usedPercent, windowMinutes: numberOf((value as Json).window_minutes) ?? null, resetsAtMs: resetsAt === undefined ? null : resetsAt * 1000};
}

/** @NOTE codex 0.171.0: a usage-limit failure ends the turn with `error.codex_error_info = "usage_limit_exceeded"`. */
function isUsageLimitError(error: unknown): boolean {
	const info = (error as Json | null | undefined)?.codex_error_info;
	return info === 'usage_limit_exceeded' || (typeof info === 'object' && info !== null && 'usage_limit_exceeded' in info);
}

function spawnedAgent(output: string): {agentId: string; nickname: string} | undefined {
	try {
		const parsed = JSON.parse(output) as Json;
		const agentId = stringOf(parsed.agent_id);
		return agentId ? {agentId, nickname: stringOf(parsed.nickname) ?? ''} : undefined;
	} catch {
		return undefined;
	}
}
