import type {RateLimitsEvent, RateLimitWindow, TurnOutcome} from './codex-event.js';
import {type Json, numberOf, stringOf, textOf} from './rollout-json.js';
import {IGNORED_EVENT_MESSAGES} from './rollout-line-filter.js';
import {emit, endTurn, type RolloutState, skip} from './rollout-state.js';
import {applyTokenCountTotal} from './rollout-usage.js';

/** An `event_msg` line: turn starts and ends, prompts and answers, token counts with the plan's rate limits. */
export function applyEventMessage(state: RolloutState, atMs: number, payload: Json): void {
	const kind = stringOf(payload.type) ?? '';
	switch (kind) {
		case 'task_started': {
			if (state.turnId) {
				endTurn(state, atMs, state.turnId);
			}

			state.turnId = stringOf(payload.turn_id) ?? null;
			state.turnStartMs = atMs;
			state.requestStartMs = atMs;
			break;
		}

		case 'task_complete':
		case 'turn_aborted': {
			applyTurnEnd(state, atMs, kind, payload);
			break;
		}

		case 'item_completed': {
			applyItemCompleted(state, atMs, payload);
			break;
		}

		case 'token_count': {
			const limits = rateLimitsOf(payload.rate_limits);
			if (limits) {
				emit(state, atMs, state.turnId, {kind: 'rate_limits', ...limits});
			}

			applyTokenCountTotal(state, atMs, payload);
			break;
		}

		default: {
			if (!IGNORED_EVENT_MESSAGES.has(kind)) {
				skip(state, `event_msg ${kind || '(no type)'}`);
			}
		}
	}
}

/** `task_complete` / `turn_aborted`: the turn's outcome; an abort also ends the calls it left without output. */
function applyTurnEnd(state: RolloutState, atMs: number, kind: 'task_complete' | 'turn_aborted', payload: Json): void {
	const ending = stringOf(payload.turn_id) ?? state.turnId;
	for (const call of state.calls.values()) {
		if (kind === 'turn_aborted' && call.turnId === ending) {
			emit(state, atMs, ending, {kind: 'tool_span', turnId: ending ?? '', callId: call.callId, tool: call.tool, startMs: call.atMs, endMs: atMs, aborted: true});
		}
	}

	if (ending) {
		emit(state, atMs, ending, {kind: 'turn_outcome', turnId: ending, turnStartMs: state.turnId === ending ? state.turnStartMs : null, ...outcomeOf(kind, payload)});
	}

	if (kind === 'task_complete' && isUsageLimitError(payload.error)) {
		emit(state, atMs, ending, {kind: 'usage_limit_reached', turnId: ending ?? '', message: stringOf((payload.error as Json).message) ?? 'usage limit reached'});
	}

	endTurn(state, atMs, ending);
}

/** An item's end: an execution item's status and duration (for its tool output), a user prompt, an answer. */
function applyItemCompleted(state: RolloutState, atMs: number, payload: Json): void {
	const item = payload.item as Json | undefined;
	if (item && typeof item.id === 'string' && typeof item.status === 'string') {
		state.items.set(item.id, {status: item.status, durationMs: durationOf(item.duration) ?? spanMs(payload)});
	}

	if (item?.type === 'UserMessage') {
		const prompt = textOf(item.content);
		emit(state, atMs, stringOf(payload.turn_id) ?? state.turnId, {kind: 'user_prompt', prompt, promptLength: prompt.length, model: state.model});
	} else if (item?.type === 'AgentMessage') {
		const id = stringOf(payload.turn_id) ?? state.turnId;
		emit(state, atMs, id, {kind: 'agent_response', turnId: id ?? '', agentType: '', parentConversationId: null, response: textOf(item.content)});
	}
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

/** @NOTE codex 0.171.0: a usage-limit failure ends the turn with `error.codex_error_info = "usage_limit_exceeded"`. */
function isUsageLimitError(error: unknown): boolean {
	const info = (error as Json | null | undefined)?.codex_error_info;
	return info === 'usage_limit_exceeded' || (typeof info === 'object' && info !== null && 'usage_limit_exceeded' in info);
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
