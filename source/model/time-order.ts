import type {SpanTiming, ToolCall, Turn} from './session.js';

/*
 * Events arrive out of order across signals, so turns, calls and spans are inserted where their time puts them,
 * searching from the end (they mostly arrive in order). Ties keep arrival order.
 */

/** Places a turn among the session's turns by start and renumbers the ones after it (`index` is 1-based). */
export function insertTurnInOrder(turns: Turn[], turn: Turn): void {
	let position = turns.length;
	while (position > 0 && turns[position - 1]!.startedAtMs > turn.startedAtMs) {
		position--;
	}

	turns.splice(position, 0, turn);
	for (let index = position; index < turns.length; index++) {
		turns[index]!.index = index + 1;
	}
}

/** Places a call among its turn's calls by `orderMs`, fixed when the call was first seen so rows never jump. */
export function insertCallInOrder(turn: Turn, call: ToolCall): void {
	let position = turn.toolCalls.length;
	while (position > 0 && turn.toolCalls[position - 1]!.orderMs > call.orderMs) {
		position--;
	}

	turn.toolCalls.splice(position, 0, call);
}

export function insertSpanInOrder(list: SpanTiming[], item: SpanTiming): void {
	let position = list.length;
	while (position > 0 && list[position - 1]!.startMs > item.startMs) {
		position--;
	}

	list.splice(position, 0, item);
}
