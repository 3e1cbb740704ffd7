import {type Json, stringOf, usageOf} from './rollout-json.js';
import {emit, type RolloutState, skip} from './rollout-state.js';
import {makeUsage, type TokenUsage} from './tokens.js';

/*
 * Token usage comes from `token_usage_record` (one per model response) or, in files without them, from the growth
 * of `token_count`'s cumulative total, never both: requests derived from totals are taken back at the first record.
 * Each becomes a model request (an `api_request` and its `sse_usage`), as OTLP telemetry would have had it.
 */

/** A `token_usage_record`: one model response's usage, counted once per `response_id` (forks replay them). */
export function applyUsageRecord(state: RolloutState, atMs: number, payload: Json): void {
	const {usage: counting} = state;
	const usage = usageOf(payload.usage);
	const responseId = stringOf(payload.response_id);
	if (!counting.hasUsageRecords) {
		counting.hasUsageRecords = true;
		state.sink.retract(counting.derived);
		counting.derived = [];
	}

	if (responseId && counting.seenResponses.has(responseId)) {
		skip(state, 'replayed response');
	} else if (usage) {
		if (responseId) {
			counting.seenResponses.add(responseId);
		}

		emitRequest(state, atMs, usage, stringOf(payload.turn_id) ?? state.turnId);
	} else {
		skip(state, 'token_usage_record without usage');
	}
}

/** A `token_count`'s cumulative total, in a file without usage records: what it grew by is a request. */
export function applyTokenCountTotal(state: RolloutState, atMs: number, payload: Json): void {
	const {usage: counting} = state;
	if (counting.hasUsageRecords) {
		return;
	}

	const total = usageOf((payload.info as Json | undefined)?.total_token_usage);
	const counted = counting.countedTotal;
	// A total below the last one is a counter that started again (a new thread): it all counts.
	const grown = total && counted && total.total >= counted.total ? subtractUsage(total, counted) : total;
	if (total && grown && grown.total > 0) {
		counting.countedTotal = total;
		counting.derived.push(state.ordinal, state.ordinal + 1);
		emitRequest(state, atMs, grown, state.turnId);
	}
}

function emitRequest(state: RolloutState, atMs: number, usage: TokenUsage, id: string | null): void {
	const startMs = Math.min(state.requestStartMs, atMs);
	emit(state, atMs, id, {kind: 'api_request', durationMs: atMs - startMs, status: 200, attempt: 1, error: null});
	emit(state, atMs, id, {kind: 'sse_usage', usage, cacheWrite: 0});
	state.requestStartMs = atMs;
}

function subtractUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
	return makeUsage({input: a.input - b.input, cached: a.cached - b.cached, output: a.output - b.output, reasoning: a.reasoning - b.reasoning});
}
