import {checkExhaustive, type CodexEvent, type ConversationStartsEvent, type EntryPoint, type ToolSpanEvent, type TurnScopedSpanEvent, type UserPromptEvent, type WebSearchEvent} from './codex-event.js';
import {addAttempt, completeRequest, failStream} from './model-requests.js';
import {reinterpretStoredLog} from './normalize-log.js';
import type {Session, ToolCall, Turn} from './session.js';
import {applySessionSettings, NO_SESSION_SETTINGS} from './session-settings.js';

/** All conversations the model knows, by conversation id. */
export type ModelState = {sessions: Map<string, Session>};

/**
 * How far (ms) a turn span may start before, or end after, the prompt that began the turn.
 * The prompt is logged inside the turn, so in practice the span contains it; the slack absorbs clock rounding.
 */
const TURN_MATCH_SLACK_MS = 2000;

/** @NOTE codex 0.169.0: the interactive TUI asks a hidden side thread for a title with this prompt. */
const TITLE_PROMPT_PREFIX = 'Generate a concise, single-line task title';

/**
 * Text kept in memory per prompt, tool output and answer: enough for the screens and the detectors;
 * memory stays bounded however much a tool prints. The text as received stays in the store.
 */
export const MAX_TEXT_IN_MEMORY = 16 * 1024;

/** Spans held per session while their turn is unknown; beyond this the oldest are dropped. */
const MAX_PENDING_SPANS = 2000;

/** A redacted title prompt is still long: 439-473 characters in the captures; user prompts rarely are, in a read-only thread without MCP. */
const TITLE_PROMPT_MIN_LENGTH = 300;

export function createModelState(): ModelState {
	return {sessions: new Map()};
}

/**
 * Folds one event into the model and returns the session it touched. Events may come in any
 * order across signals (spans 5-12 s after the logs of the same turn); every branch accepts that.
 */
export function applyEvent(state: ModelState, received: CodexEvent): Session {
	const event = received.kind === 'log_event' ? reinterpretStoredLog(received) ?? received : received;
	const session = getSession(state, event.conversationId, event.atMs);
	session.eventCount++;
	session.version++;
	const endMs = 'endMs' in event ? event.endMs : event.atMs;
	if (endMs > session.lastSeenAtMs) {
		session.lastSeenAtMs = endMs;
	}

	if (event.atMs > 0 && event.atMs < session.startedAtMs) {
		session.startedAtMs = event.atMs;
	}

	switch (event.kind) {
		case 'conversation_starts': {
			applyConversationStarts(session, event);
			break;
		}

		case 'user_prompt': {
			applyUserPrompt(session, event);
			break;
		}

		case 'api_request': {
			session.transports.http = true;
			const turn = ensureLogTurn(session, event.atMs);
			const failed = event.error !== null || (event.status !== null && event.status >= 400);
			addAttempt(turn, {
				transport: 'http',
				startMs: event.atMs - event.durationMs,
				endMs: event.atMs,
				status: event.status,
				error: failed ? (event.error ?? `http ${event.status}`) : null,
			});
			touchTurn(turn, event.atMs);
			break;
		}

		case 'websocket_request': {
			session.transports.websocket = true;
			const turn = session.currentTurn;
			if (!turn || hasAnswered(turn)) {
				// The warm-up (`generate: false`) a connection starts with, before the process's first prompt.
				session.warmups++;
				break;
			}

			addAttempt(turn, {transport: 'websocket', startMs: event.atMs, endMs: event.atMs, status: null, error: event.success === false ? (event.error ?? 'send failed') : null});
			touchTurn(turn, event.atMs);
			break;
		}

		case 'websocket_connect': {
			session.transports.websocket = true;
			if (event.success === false) {
				session.connectionFailures.push({atMs: event.atMs, durationMs: event.durationMs, status: event.status, error: event.error});
			}

			break;
		}

		case 'sse_usage': {
			if (event.ttftMs === null && (!session.currentTurn || hasAnswered(session.currentTurn))) {
				// A warm-up that reported usage: Codex leaves it out of its own totals, and so do we.
				break;
			}

			const turn = ensureLogTurn(session, event.atMs);
			completeRequest(turn, event);
			touchTurn(turn, event.atMs);
			break;
		}

		case 'stream_error': {
			const turn = ensureLogTurn(session, event.atMs);
			if (!failStream(turn, event.atMs, event.error)) {
				session.otherEvents['codex.sse_event'] = (session.otherEvents['codex.sse_event'] ?? 0) + 1;
			}

			touchTurn(turn, event.atMs);
			break;
		}

		case 'turn_ttft': {
			const turn = ensureLogTurn(session, event.atMs);
			turn.ttftMs = event.durationMs;
			break;
		}

		case 'tool_decision': {
			const call = getOrCreateCall(session, event.callId, ensureLogTurn(session, event.atMs), event.atMs);
			call.decision = event.decision;
			call.decisionSource = event.source;
			call.refusedByPolicy = event.decision === 'denied' && event.source === 'User' && session.approvalPolicy === 'never';
			call.tool ||= event.tool;
			touchTurn(call.turn, event.atMs);
			break;
		}

		case 'tool_result': {
			const startMs = event.atMs - (event.durationMs ?? 0);
			const call = getOrCreateCall(session, event.callId, ensureLogTurn(session, event.atMs), startMs);
			call.tool = event.tool || call.tool;
			call.namespace = event.namespace;
			call.mcpServer = event.mcpServer ?? call.mcpServer;
			call.arguments = event.arguments;
			call.output = clip(event.output);
			call.outputTruncated = event.outputTruncated;
			call.durationMs = event.durationMs;
			call.success = event.success;
			call.agentName = event.agentName;
			call.hasResult = true;
			if (!call.span) {
				call.startMs = startMs;
				call.endMs = event.atMs;
			}

			if (session.kind === 'title') {
				session.kind = 'main';
			}

			session.looksLikeTitle = false;
			touchTurn(call.turn, event.atMs);
			break;
		}

		case 'agent_response': {
			const turn = findTurnById(session, event.turnId) ?? ensureLogTurn(session, event.atMs);
			assignTurnId(session, turn, event.turnId);
			turn.response = clip(event.response);
			touchTurn(turn, event.atMs);
			if (event.parentConversationId) {
				linkParent(session, event.parentConversationId);
			}

			break;
		}

		case 'subagent_spawned': {
			linkParent(session, event.parentConversationId);
			session.nickname = event.nickname || session.nickname;
			break;
		}

		case 'web_search': {
			applyWebSearch(session, ensureLogTurn(session, event.atMs), event);
			break;
		}

		case 'turn_outcome': {
			const turn = findTurnById(session, event.turnId) ?? turnStartedAt(session, event.turnStartMs ?? event.atMs);
			if (turn) {
				assignTurnId(session, turn, event.turnId);
				turn.outcome = {outcome: event.outcome, error: event.error};
			}

			break;
		}

		case 'turn_cost': {
			const turn = findTurnById(session, event.turnId);
			if (turn) {
				turn.codexCostUsd = event.estimatedUsd;
			}

			break;
		}

		case 'log_event': {
			session.otherEvents[event.eventName] = (session.otherEvents[event.eventName] ?? 0) + 1;
			break;
		}

		case 'turn_span': {
			const turn = findTurnForSpan(session, event.turnId, event.startMs, event.endMs);
			turn.span = {startMs: event.startMs, endMs: event.endMs};
			turn.spanUsage = event.usage;
			turn.model ||= event.model;
			break;
		}

		case 'sampling_span':
		case 'tool_blocking_span':
		case 'compaction':
		case 'tool_span': {
			applyTurnScopedSpan(session, event);
			break;
		}

		case 'session_span': {
			session.endedAtMs = Math.max(session.endedAtMs ?? 0, event.endMs);
			break;
		}

		case 'working_directory': {
			session.cwd = event.cwd;
			break;
		}

		case 'rate_limits': {
			if (!session.rateLimits || event.atMs >= session.rateLimits.atMs) {
				session.rateLimits = {limitId: event.limitId, planType: event.planType, primary: event.primary, secondary: event.secondary, atMs: event.atMs};
			}

			break;
		}

		case 'usage_limit_reached': {
			// Raised as an alert by the detectors; the turn's outcome is the turn's own business.
			break;
		}

		default: {
			checkExhaustive(event);
		}
	}

	return session;
}

/** Long text, cut in the middle: the start and the end (exit codes, the last error) are what tell. */
function clip(text: string): string {
	if (text.length <= MAX_TEXT_IN_MEMORY) {
		return text;
	}

	const half = MAX_TEXT_IN_MEMORY / 2;
	return `${text.slice(0, half)}\n[… ${text.length - MAX_TEXT_IN_MEMORY} characters not kept in memory …]\n${text.slice(-half)}`;
}

function getSession(state: ModelState, conversationId: string, atMs: number): Session {
	let session = state.sessions.get(conversationId);
	if (!session) {
		session = {
			conversationId,
			kind: 'main',
			looksLikeTitle: false,
			parentConversationId: null,
			nickname: null,
			entry: 'unknown',
			...NO_SESSION_SETTINGS,
			resource: {},
			cwd: null,
			startedAtMs: atMs > 0 ? atMs : Number.POSITIVE_INFINITY,
			lastSeenAtMs: atMs,
			endedAtMs: null,
			turns: [],
			currentTurn: null,
			toolCalls: new Map(),
			transports: {http: false, websocket: false},
			connectionFailures: [],
			warmups: 0,
			pendingSpans: new Map(),
			alerts: [],
			rateLimits: null,
			otherEvents: {},
			eventCount: 0,
			version: 0,
		};
		state.sessions.set(conversationId, session);
	}

	return session;
}

function applyConversationStarts(session: Session, event: ConversationStartsEvent): void {
	// A new process for this conversation (a resume): what it logs next belongs to no earlier turn.
	session.currentTurn = null;
	applySessionSettings(session, event);
	session.entry = entryPointOf(event.serviceName, event.originator);
	session.resource = {...session.resource, ...event.resource};
}

function entryPointOf(serviceName: string, originator: string): EntryPoint {
	if (serviceName === 'codex_exec' || originator === 'codex_exec') {
		return 'exec';
	}

	if (serviceName === 'codex-app-server' || serviceName === 'codex_cli_rs' || originator.startsWith('codex-tui') || originator === 'codex_cli_rs') {
		return 'interactive';
	}

	return 'unknown';
}

function applyUserPrompt(session: Session, event: UserPromptEvent): void {
	let turn = session.turns.find(candidate => !candidate.hasPrompt && candidate.span !== null
		&& event.atMs >= candidate.span.startMs - TURN_MATCH_SLACK_MS && event.atMs <= candidate.span.endMs + TURN_MATCH_SLACK_MS);
	if (turn) {
		turn.startedAtMs = Math.min(turn.startedAtMs, event.atMs);
	} else {
		turn = createTurn(session, event.atMs);
	}

	turn.hasPrompt = true;
	turn.prompt = clip(event.prompt);
	turn.promptLength = event.promptLength;
	turn.model = event.model || turn.model;
	session.currentTurn = turn;
	session.model ||= event.model;
	if (session.turns.length === 1 && looksLikeTitlePrompt(session, event)) {
		session.looksLikeTitle = true;
		if (session.kind === 'main') {
			session.kind = 'title';
		}
	}
}

function looksLikeTitlePrompt(session: Session, event: UserPromptEvent): boolean {
	if (event.prompt.startsWith(TITLE_PROMPT_PREFIX)) {
		return true;
	}

	return event.prompt === '[REDACTED]'
		&& session.entry === 'interactive'
		&& session.sandboxPolicy === 'read-only'
		&& !session.mcpServers.includes('codex_tui')
		&& event.promptLength >= TITLE_PROMPT_MIN_LENGTH;
}

function linkParent(session: Session, parentConversationId: string): void {
	if (parentConversationId === session.conversationId) {
		return;
	}

	session.parentConversationId = parentConversationId;
	session.kind = 'subagent';
	session.looksLikeTitle = false;
}

function createTurn(session: Session, startedAtMs: number): Turn {
	const turn: Turn = {
		index: 0,
		turnId: null,
		startedAtMs,
		lastActivityMs: startedAtMs,
		hasPrompt: false,
		prompt: '',
		promptLength: 0,
		model: '',
		modelRequests: [],
		toolCalls: [],
		ttftMs: null,
		response: null,
		span: null,
		spanUsage: null,
		samplingSpans: [],
		toolBlockingSpans: [],
		codexCostUsd: null,
		outcome: null,
		compactions: [],
	};
	let position = session.turns.length;
	while (position > 0 && session.turns[position - 1]!.startedAtMs > startedAtMs) {
		position--;
	}

	session.turns.splice(position, 0, turn);
	for (let index = position; index < session.turns.length; index++) {
		session.turns[index]!.index = index + 1;
	}

	return turn;
}

/** The turn log events attach to; a turn is opened when events come before any prompt (e.g. a lost batch). */
function ensureLogTurn(session: Session, atMs: number): Turn {
	session.currentTurn ??= createTurn(session, atMs);
	return session.currentTurn;
}

/**
 * Whether a turn has answered: transport records after that, before the next prompt, are a warm-up. Its span does
 * not tell: spans may arrive before the turn's logs.
 */
function hasAnswered(turn: Turn): boolean {
	return turn.response !== null;
}

function touchTurn(turn: Turn, atMs: number): void {
	if (atMs > turn.lastActivityMs) {
		turn.lastActivityMs = atMs;
	}
}

function findTurnById(session: Session, turnId: string): Turn | undefined {
	// From the newest: ids are unique (assignTurnId), and events mostly concern recent turns, so a long session's
	// spans do not each walk every turn.
	return turnId ? session.turns.findLast(turn => turn.turnId === turnId) : undefined;
}

function assignTurnId(session: Session, turn: Turn, turnId: string): void {
	if (!turnId || turn.turnId !== null || findTurnById(session, turnId)) {
		return;
	}

	turn.turnId = turnId;
	const pending = session.pendingSpans.get(turnId);
	if (pending) {
		session.pendingSpans.delete(turnId);
		for (const span of pending) {
			applySpanToTurn(session, turn, span);
		}
	}
}

/** The turn a moment belongs to when no id tells: the last one that started by then (with slack for clock rounding). */
function turnStartedAt(session: Session, atMs: number): Turn | undefined {
	let found: Turn | undefined;
	for (const turn of session.turns) {
		if (turn.startedAtMs <= atMs + TURN_MATCH_SLACK_MS) {
			found = turn;
		}
	}

	return found;
}

/** A turn span's turn: by id, else the id-less turn whose prompt it contains, else a new turn. */
function findTurnForSpan(session: Session, turnId: string, startMs: number, endMs: number): Turn {
	const byId = findTurnById(session, turnId);
	if (byId) {
		return byId;
	}

	let best: Turn | undefined;
	for (const turn of session.turns) {
		if (turn.turnId === null && turn.hasPrompt && turn.startedAtMs >= startMs - TURN_MATCH_SLACK_MS && turn.startedAtMs <= endMs + TURN_MATCH_SLACK_MS
			&& (!best || Math.abs(turn.startedAtMs - startMs) < Math.abs(best.startedAtMs - startMs))) {
			best = turn;
		}
	}

	const turn = best ?? createTurn(session, startMs);
	assignTurnId(session, turn, turnId);
	return turn;
}

/**
 * Sampling, tool-blocking and tool spans find their turn by id. An unknown id waits until a turn gets it
 * (from its turn span, an agent response, or a tool call the logs already placed), so a span that beats
 * the logs of its turn is never pinned on the previous one.
 */
function applyTurnScopedSpan(session: Session, event: TurnScopedSpanEvent): void {
	const turn = findTurnById(session, event.turnId) ?? turnOfKnownCall(session, event) ?? turnWithoutId(session, event);
	if (turn) {
		applySpanToTurn(session, turn, event);
		return;
	}

	const pending = session.pendingSpans.get(event.turnId) ?? [];
	pending.push(event);
	session.pendingSpans.set(event.turnId, pending);
	if (pending.length > MAX_PENDING_SPANS) {
		pending.shift();
	}
}

function turnOfKnownCall(session: Session, event: TurnScopedSpanEvent): Turn | undefined {
	if (event.kind !== 'tool_span') {
		return undefined;
	}

	const call = session.toolCalls.get(event.callId);
	if (call) {
		assignTurnId(session, call.turn, event.turnId);
	}

	return call?.turn;
}

/** Spans from Codex versions without turn ids fall back on time: the latest turn that started before them. */
function turnWithoutId(session: Session, event: TurnScopedSpanEvent): Turn | undefined {
	if (event.turnId) {
		return undefined;
	}

	let turn: Turn | undefined;
	for (const candidate of session.turns) {
		if (candidate.startedAtMs <= event.startMs + TURN_MATCH_SLACK_MS) {
			turn = candidate;
		}
	}

	return turn ?? createTurn(session, event.startMs);
}

function applySpanToTurn(session: Session, turn: Turn, event: TurnScopedSpanEvent): void {
	switch (event.kind) {
		case 'sampling_span': {
			insertSorted(turn.samplingSpans, {startMs: event.startMs, endMs: event.endMs});
			break;
		}

		case 'tool_blocking_span': {
			insertSorted(turn.toolBlockingSpans, {startMs: event.startMs, endMs: event.endMs});
			break;
		}

		case 'compaction': {
			insertSorted(turn.compactions, {startMs: event.startMs, endMs: event.endMs});
			break;
		}

		case 'tool_span': {
			applyToolSpan(session, turn, event);
			break;
		}

		default: {
			checkExhaustive(event);
		}
	}
}

/** A hosted web search becomes a call of its own, numbered in its session, from its start to its completion. */
function applyWebSearch(session: Session, turn: Turn, event: WebSearchEvent): void {
	const open = turn.toolCalls.findLast(call => call.tool === 'web_search' && !call.hasResult);
	if (event.phase === 'in_progress' || !open) {
		const number = [...session.toolCalls.values()].filter(call => call.tool === 'web_search').length + 1;
		const call = getOrCreateCall(session, `web_search:${number}`, turn, event.atMs);
		call.tool = 'web_search';
		call.arguments = event.query ? JSON.stringify({query: event.query}) : '';
		if (event.phase === 'in_progress') {
			return;
		}

		completeWebSearch(call, event.atMs);
		return;
	}

	completeWebSearch(open, event.atMs);
}

function completeWebSearch(call: ToolCall, atMs: number): void {
	call.hasResult = true;
	call.success = true;
	call.endMs = atMs;
	call.durationMs = Math.max(0, atMs - call.startMs);
	touchTurn(call.turn, atMs);
}

function getOrCreateCall(session: Session, callId: string, turn: Turn, orderMs: number): ToolCall {
	let call = session.toolCalls.get(callId);
	if (!call) {
		call = {
			callId,
			turn,
			tool: '',
			namespace: '',
			mcpServer: '',
			arguments: '',
			output: '',
			outputTruncated: false,
			decision: null,
			decisionSource: null,
			refusedByPolicy: false,
			success: null,
			durationMs: null,
			orderMs,
			startMs: orderMs,
			endMs: null,
			span: null,
			aborted: false,
			agentName: '',
			hasResult: false,
		};
		session.toolCalls.set(callId, call);
		insertCall(turn, call);
	}

	return call;
}

function insertCall(turn: Turn, call: ToolCall): void {
	let position = turn.toolCalls.length;
	while (position > 0 && turn.toolCalls[position - 1]!.orderMs > call.orderMs) {
		position--;
	}

	turn.toolCalls.splice(position, 0, call);
}

/**
 * @NOTE codex 0.169.0: an Esc at the approval prompt leaves no `codex.tool_decision`; the only trace is
 * the tool span with `aborted=true`, arriving seconds later. It counts as an `abort` decided by the user.
 */
function applyToolSpan(session: Session, turn: Turn, event: ToolSpanEvent): void {
	const call = session.toolCalls.get(event.callId) ?? getOrCreateCall(session, event.callId, turn, event.startMs);
	call.span = {startMs: event.startMs, endMs: event.endMs};
	call.startMs = event.startMs;
	call.endMs = event.endMs;
	call.tool ||= event.tool;
	call.aborted = event.aborted;
	if (event.aborted && call.decision === null && !call.hasResult) {
		call.decision = 'abort';
		call.decisionSource = 'User';
	}
}

function insertSorted(list: Array<{startMs: number; endMs: number}>, item: {startMs: number; endMs: number}): void {
	let position = list.length;
	while (position > 0 && list[position - 1]!.startMs > item.startMs) {
		position--;
	}

	list.splice(position, 0, item);
}
