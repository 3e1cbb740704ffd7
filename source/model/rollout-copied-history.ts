import {type Json, type RolloutRecord, stringOf, usageOf} from './rollout-json.js';
import {type RolloutState, skip} from './rollout-state.js';

/**
 * A fork or a sub-agent started with its parent's history holds copies of the parent's lines; they are told apart
 * by exact signals (a second `session_meta` of another thread, a record of another thread id), never by timing.
 * Passes over such a record (counted as skipped) and says so; a `session_meta` is always passed over here.
 */
export function passOverCopied(state: RolloutState, {type, payload}: RolloutRecord): boolean {
	if (!isCopied(state, type, payload)) {
		return false;
	}

	if (type !== 'session_meta') {
		skip(state, 'copied from another thread');
	}

	// Copied cumulative totals are the parent's: they only move the point this file's own growth counts from.
	const total = type === 'event_msg' && payload.type === 'token_count' ? usageOf((payload.info as Json | undefined)?.total_token_usage) : undefined;
	if (total) {
		state.usage.countedTotal = total;
	}

	return true;
}

/** Whether a record was copied from another thread's history, and so is not this file's to count. */
function isCopied(state: RolloutState, type: string, payload: Json): boolean {
	const {copy} = state;
	if (type === 'session_meta') {
		const id = stringOf(payload.id) ?? stringOf(payload.session_id);
		// A second session_meta of another thread: the history copied from it starts here.
		if (id && id !== state.conversationId) {
			copy.copying = true;
			copy.from = {id, turns: state.options.turnsOf?.(id)};
		}

		return true;
	}

	const thread = stringOf(payload.thread_id);
	if (thread !== undefined) {
		copy.threadIds = true;
		if (thread === state.conversationId) {
			copy.copying = false;
		}

		return thread !== state.conversationId;
	}

	if (copy.copying && !copy.threadIds) {
		// No thread ids to tell: the copy ends at the first turn that is not one of the parent's known turns.
		const turn = type === 'event_msg' && payload.type === 'task_started' ? stringOf(payload.turn_id) : undefined;
		if (copy.from?.turns === undefined || (turn !== undefined && !copy.from.turns.has(turn))) {
			copy.copying = false;
		}
	}

	return copy.copying;
}
