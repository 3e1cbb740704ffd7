import {isCompactionRequest} from './model-requests.js';
import {LONG_CONTEXT_INPUT_TOKENS} from './price-table.js';
import {turnModel} from './session-cost.js';
import {turnModelRequestCount} from './selectors.js';
import {localDay} from './session-document.js';
import type {Session, Turn} from './session.js';
import {addUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';

/** What a session spent in one hour (split at local midnight), on one model: reports count spend when it was spent. */
export type SpendBucket = {
	/** Start of the hour (ms), for `--since`. */
	hourMs: number;
	/** The local calendar day (YYYY-MM-DD) of the requests. */
	day: string;
	model: string;
	requests: number;
	/** Turns that started in this bucket. */
	turns: number;
	usage: TokenUsage;
	/** The part of `usage` from requests over the long-context threshold (priced at those rates where a model has them). */
	longUsage?: TokenUsage;
};

const HOUR_MS = 3_600_000;

/**
 * A session's spend by hour, day and model: each model request on its own time, usage without a request
 * time (span-only or orphan usage) at its turn's start. A session resumed days later spends on those days.
 */
export function spendBuckets(session: Session, turns: readonly Turn[] = session.turns): SpendBucket[] {
	const buckets = new Map<string, SpendBucket>();
	const add = (atMs: number, model: string, part: {requests: number; turns: number; usage: TokenUsage; long?: boolean}) => {
		const hourMs = Math.floor(atMs / HOUR_MS) * HOUR_MS;
		const day = localDay(atMs);
		const key = `${hourMs}\u0000${day}\u0000${model}`;
		const bucket = buckets.get(key) ?? {hourMs, day, model, requests: 0, turns: 0, usage: ZERO_USAGE};
		bucket.requests += part.requests;
		bucket.turns += part.turns;
		bucket.usage = addUsage(bucket.usage, part.usage);
		if (part.long) {
			bucket.longUsage = addUsage(bucket.longUsage ?? ZERO_USAGE, part.usage);
		}

		buckets.set(key, bucket);
	};

	for (const turn of turns) {
		const model = turnModel(session, turn) || 'unknown';
		add(turn.startedAtMs, model, {requests: 0, turns: 1, usage: ZERO_USAGE});
		let logged = false;
		let counted = 0;
		for (const request of turn.modelRequests) {
			logged ||= request.usage !== null;
			// A compaction's summary request: its tokens count, the request does not (as Codex counts).
			const requests = turn.compactions.length > 0 && isCompactionRequest(turn, request) ? 0 : 1;
			counted += requests;
			add(request.endMs || request.startMs || turn.startedAtMs, model, {requests, turns: 0, usage: request.usage ?? ZERO_USAGE, long: (request.usage?.input ?? 0) > LONG_CONTEXT_INPUT_TOKENS});
		}

		// Counted as the session's figures count them: requests seen only as spans, at the turn's start.
		const unlogged = turnModelRequestCount(turn) - counted;
		add(turn.startedAtMs, model, {requests: unlogged, turns: 0, usage: !logged && turn.spanUsage ? turn.spanUsage : ZERO_USAGE});
	}

	return [...buckets.values()].sort((a, b) => a.hourMs - b.hourMs || a.model.localeCompare(b.model));
}
