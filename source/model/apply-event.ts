import {checkExhaustive, type CodexEvent, type ConversationStartsEvent, type EntryPoint, type UserPromptEvent} from './codex-event.js';
import {clip} from './clip-text.js';
import {addAttempt, completeRequest, failStream} from './model-requests.js';
import type {Session} from './session.js';
import {applySessionSettings} from './session-settings.js';
import {notTitleThread, noteTitlePrompt} from './title-thread.js';
import {applyToolDecision, applyToolResult, applyWebSearch} from './tool-calls.js';
import {hasAnswered, touchTurn} from './turn-activity.js';
import {applyTurnScopedSpan, assignTurnId, ensureLogTurn, findTurnById, findTurnForSpan, turnForPrompt, turnStartedAt} from './turn-matching.js';

/**
 * The event switch: what each kind of event changes in its session. Events may come in any order across
 * signals (spans 5-12 s after the logs of the same turn); every branch accepts that.
 */
export function applyEventToSession(session: Session, event: CodexEvent): void {
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
			applyToolDecision(session, ensureLogTurn(session, event.atMs), event);
			break;
		}

		case 'tool_result': {
			applyToolResult(session, ensureLogTurn(session, event.atMs), event);
			notTitleThread(session);
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
	const turn = turnForPrompt(session, event.atMs);
	turn.hasPrompt = true;
	turn.prompt = clip(event.prompt);
	turn.promptLength = event.promptLength;
	turn.model = event.model || turn.model;
	session.currentTurn = turn;
	session.model ||= event.model;
	noteTitlePrompt(session, event);
}

function linkParent(session: Session, parentConversationId: string): void {
	if (parentConversationId === session.conversationId) {
		return;
	}

	session.parentConversationId = parentConversationId;
	session.kind = 'subagent';
	session.looksLikeTitle = false;
}
