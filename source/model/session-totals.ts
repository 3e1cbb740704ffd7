import type {CodexEvent} from './codex-event.js';
import {reinterpretStoredLog} from './normalize-log.js';
import type {PriceBook} from './price-book.js';
import {turnCostUsd, turnModel} from './session-cost.js';
import type {Session, Turn} from './session.js';
import {turnModelRequestCount, turnUsage} from './selectors.js';
import {addUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';
import {addCosts} from './usage-cost.js';

/** A session's running totals: the same figures as sessionUsage, sessionCostUsd and sessionModelRequestCount. */
export type SessionTotals = {
	usage: TokenUsage;
	costUsd: number | null;
	modelRequests: number;
	/** Durations (ms) of every completed model request, ascending: for percentiles. */
	completedDurationsMs: readonly number[];
	/** Per turn, aligned with session.turns: what the summary adds up. */
	turns: readonly TurnFigures[];
};

/** One turn's figures: turnUsage, turnCostUsd and its priced model (or `unknown`); a new object whenever they change. */
export type TurnFigures = {
	readonly turn: Turn;
	readonly usage: TokenUsage;
	readonly costUsd: number | null;
	readonly model: string;
};

/** What a turn adds to the totals, with the fields it was computed from (see `isStale`). */
type TurnEntry = TurnFigures & {
	turn: Turn;
	spanUsage: TokenUsage | null;
	turnModel: string;
	hasPrompt: boolean;
	startedAtMs: number;
	requestCount: number;
	samplingCount: number;
	compactionCount: number;
	modelRequests: number;
	durations: number[];
};

type Totals = {
	prices: PriceBook;
	version: number;
	sessionModel: string;
	current: Turn | null;
	byTurn: Map<Turn, TurnEntry>;
	/** Aligned with session.turns; the running sums up to and including each position. */
	entries: TurnEntry[];
	usageUpTo: TokenUsage[];
	costUpTo: Array<number | null>;
	requestsUpTo: number[];
	durations: number[];
	view: SessionTotals;
	/** Entries before this position are the same objects as when `takeChanges` was last called. */
	unchangedUpTo: number;
};

const cache = new WeakMap<Session, Totals>();

/**
 * What the engine saw since the totals were last brought up to date: the turns events may have changed besides the
 * current one, so that an update need not look at every turn. Valid only while it saw every event of its session.
 */
type Changes = {noted: number; turns: Set<Turn>; everyTurn: boolean; byId: Map<string, Turn>};

const changes = new WeakMap<Session, Changes>();

/** Events that find their turn by id (the reducer's findTurnById, or the id they assign): they may change any turn. */
const BY_TURN_ID = new Set<CodexEvent['kind']>(['turn_span', 'sampling_span', 'tool_blocking_span', 'compaction', 'tool_span', 'agent_response', 'turn_outcome']);

/**
 * Called by the engine after each event is folded into its session: notes which turns it may have changed. The logs
 * change only the current turn; an event with a turn id changes the turn that has (or now gets) that id, and a span
 * without an id one found by time, so that is a full check.
 */
export function noteEvent(session: Session, received: CodexEvent): void {
	const noted = changes.get(session);
	if (!noted || noted.noted !== session.eventCount - 1) {
		// Not seen from the start: the next update looks at every turn and takes over from there.
		changes.set(session, {noted: session.eventCount, turns: new Set(), everyTurn: true, byId: new Map()});
		return;
	}

	noted.noted = session.eventCount;
	if (session.currentTurn) {
		noted.turns.add(session.currentTurn);
	}

	const event = received.kind === 'log_event' ? reinterpretStoredLog(received) ?? received : received;
	if (!BY_TURN_ID.has(event.kind)) {
		return;
	}

	const turnId = (event as Extract<CodexEvent, {turnId: string}>).turnId;
	if (!turnId) {
		// No id: turn spans and spans find their turn by time.
		noted.everyTurn ||= event.kind !== 'agent_response' && event.kind !== 'turn_outcome';
		return;
	}

	const turn = noted.byId.get(turnId) ?? findNewOwner(session, event, turnId);
	if (turn) {
		noted.byId.set(turnId, turn);
		noted.turns.add(turn);
	}
}

/**
 * The turn that got an id no turn had before this event: one the event made or matched (current, last, its call's),
 * or for a turn span or outcome, one matched by time anywhere (once per turn). None: the span waits for its turn.
 */
function findNewOwner(session: Session, event: CodexEvent, turnId: string): Turn | undefined {
	const call = event.kind === 'tool_span' ? session.toolCalls.get(event.callId)?.turn : undefined;
	for (const candidate of [session.currentTurn, session.turns.at(-1), call]) {
		if (candidate?.turnId === turnId) {
			return candidate;
		}
	}

	return event.kind === 'turn_span' || event.kind === 'turn_outcome' ? session.turns.findLast(turn => turn.turnId === turnId) : undefined;
}

/**
 * The totals of a session the reducer builds, kept per session and brought up to date on demand: O(turns) cheap
 * checks and O(1) turns recomputed per call while a session grows, instead of every request of every turn. Exact:
 * each figure is summed in the same order as its from-scratch selector, so even floating-point costs are identical.
 *
 * Why checking these fields is enough: the logs only change the current turn's requests (the reducer's
 * `ensureLogTurn`), and a turn becomes current only when it is created or gets its prompt; spans replace a turn's
 * span usage, its model or its start, or add sampling spans and compactions. The current turn, the one current at
 * the previous call and the last turn are recomputed every time; any other turn when one of those fields moved.
 */
export function sessionTotals(session: Session, prices: PriceBook): SessionTotals {
	let totals = cache.get(session);
	if (!totals || totals.prices !== prices) {
		totals = {prices, version: -1, sessionModel: session.model, current: null, byTurn: new Map(), entries: [], usageUpTo: [], costUpTo: [], requestsUpTo: [], durations: [], view: {usage: ZERO_USAGE, costUsd: 0, modelRequests: 0, completedDurationsMs: [], turns: []}, unchangedUpTo: 0};
		cache.set(session, totals);
	}

	if (totals.version !== session.version) {
		update(session, totals);
	}

	return totals.view;
}

function update(session: Session, totals: Totals): void {
	const {turns} = session;
	const noted = changes.get(session);
	const tracked = noted !== undefined && noted.noted === session.eventCount && !noted.everyTurn && totals.version >= 0 && totals.sessionModel === session.model;
	const firstChanged = tracked ? updateNoted(session, totals, noted.turns) : updateEveryTurn(session, totals);
	if (noted) {
		noted.noted = session.eventCount;
		noted.turns.clear();
		noted.everyTurn = false;
		if (!tracked) {
			noted.byId = new Map(turns.filter(turn => turn.turnId !== null).map(turn => [turn.turnId!, turn]));
		}
	}

	totals.sessionModel = session.model;
	totals.current = session.currentTurn;
	totals.version = session.version;
	totals.unchangedUpTo = Math.min(totals.unchangedUpTo, firstChanged, turns.length);
	for (let index = firstChanged; index < turns.length; index++) {
		const entry = totals.entries[index]!;
		totals.usageUpTo[index] = addUsage(index === 0 ? ZERO_USAGE : totals.usageUpTo[index - 1]!, entry.usage);
		totals.costUpTo[index] = addCosts(index === 0 ? 0 : totals.costUpTo[index - 1]!, entry.costUsd);
		totals.requestsUpTo[index] = (index === 0 ? 0 : totals.requestsUpTo[index - 1]!) + entry.modelRequests;
	}

	totals.usageUpTo.length = turns.length;
	totals.costUpTo.length = turns.length;
	totals.requestsUpTo.length = turns.length;
	const at = turns.length - 1;
	totals.view = at < 0
		? {usage: ZERO_USAGE, costUsd: 0, modelRequests: 0, completedDurationsMs: totals.durations, turns: totals.entries}
		: {usage: totals.usageUpTo[at]!, costUsd: totals.costUpTo[at]!, modelRequests: totals.requestsUpTo[at]!, completedDurationsMs: totals.durations, turns: totals.entries};
}

/** Every turn checked: for a session the engine did not follow from its first event, or after a change of its model. */
function updateEveryTurn(session: Session, totals: Totals): number {
	const {turns} = session;
	const everyTurn = totals.sessionModel !== session.model;
	const last = turns.at(-1);
	let firstChanged = totals.entries.length === turns.length ? Number.POSITIVE_INFINITY : Math.min(totals.entries.length, turns.length);
	for (let index = 0; index < turns.length; index++) {
		const turn = turns[index]!;
		let entry = totals.entries[index];
		if (entry?.turn !== turn) {
			// A turn was inserted before this one (a span's turn that started earlier): positions move on.
			entry = totals.byTurn.get(turn);
			firstChanged = Math.min(firstChanged, index);
		}

		if (!entry || everyTurn || turn === session.currentTurn || turn === totals.current || turn === last || isStale(entry, turn)) {
			entry = recompute(session, turn, entry, totals);
			firstChanged = Math.min(firstChanged, index);
		}

		totals.entries[index] = entry;
	}

	totals.entries.length = turns.length;
	return firstChanged;
}

/** Only the turns the engine noted, the previous current turn and the last (turn.index is each one's position). */
function updateNoted(session: Session, totals: Totals, noted: ReadonlySet<Turn>): number {
	const {turns} = session;
	let firstChanged = Number.POSITIVE_INFINITY;
	if (totals.entries.length !== turns.length) {
		// New turns: from the first position that moved, entries follow the turns again.
		let index = 0;
		while (index < totals.entries.length && totals.entries[index]!.turn === turns[index]) {
			index++;
		}

		firstChanged = index;
		for (; index < turns.length; index++) {
			const turn = turns[index]!;
			totals.entries[index] = totals.byTurn.get(turn) ?? recompute(session, turn, undefined, totals);
		}

		totals.entries.length = turns.length;
	}

	const changed = new Set(noted);
	for (const turn of [totals.current, turns.at(-1)]) {
		if (turn) {
			changed.add(turn);
		}
	}

	for (const turn of changed) {
		if (turns[turn.index - 1] !== turn) {
			// Never expected (the reducer numbers turns by position); if so, check them all rather than trust it.
			return Math.min(firstChanged, updateEveryTurn(session, totals));
		}

		totals.entries[turn.index - 1] = recompute(session, turn, totals.byTurn.get(turn), totals);
		firstChanged = Math.min(firstChanged, turn.index - 1);
	}

	return firstChanged;
}

function isStale(entry: TurnEntry, turn: Turn): boolean {
	return entry.spanUsage !== turn.spanUsage || entry.turnModel !== turn.model || entry.hasPrompt !== turn.hasPrompt || entry.startedAtMs !== turn.startedAtMs
		|| entry.requestCount !== turn.modelRequests.length || entry.samplingCount !== turn.samplingSpans.length || entry.compactionCount !== turn.compactions.length;
}

function recompute(session: Session, turn: Turn, previous: TurnEntry | undefined, totals: Totals): TurnEntry {
	const durations: number[] = [];
	for (const request of turn.modelRequests) {
		if (request.completed) {
			durations.push(request.endMs - request.startMs);
		}
	}

	durations.sort((a, b) => a - b);
	replaceDurations(totals.durations, previous?.durations ?? [], durations);
	const entry: TurnEntry = {
		turn,
		spanUsage: turn.spanUsage,
		turnModel: turn.model,
		hasPrompt: turn.hasPrompt,
		startedAtMs: turn.startedAtMs,
		requestCount: turn.modelRequests.length,
		samplingCount: turn.samplingSpans.length,
		compactionCount: turn.compactions.length,
		usage: turnUsage(turn),
		costUsd: turnCostUsd(session, turn, totals.prices),
		modelRequests: turnModelRequestCount(turn),
		durations,
		model: turnModel(session, turn) || 'unknown',
	};
	totals.byTurn.set(turn, entry);
	return entry;
}

/** Swaps one turn's durations (both ascending) in the session's sorted list: only those that differ move. */
function replaceDurations(sorted: number[], removed: readonly number[], added: readonly number[]): void {
	let removedAt = 0;
	let addedAt = 0;
	while (removedAt < removed.length || addedAt < added.length) {
		const gone = removed[removedAt];
		const come = added[addedAt];
		if (gone !== undefined && come !== undefined && gone === come) {
			removedAt++;
			addedAt++;
		} else if (come === undefined || (gone !== undefined && gone < come)) {
			sorted.splice(lowerBound(sorted, gone!), 1);
			removedAt++;
		} else {
			sorted.splice(lowerBound(sorted, come), 0, come);
			addedAt++;
		}
	}
}

function lowerBound(sorted: readonly number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < value) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

/**
 * The running totals and how many of their turns are unchanged since the previous call (for one consumer that folds
 * the turns in order and keeps checkpoints: the session summary's figures).
 */
export function takeChanges(session: Session, prices: PriceBook): {totals: SessionTotals; unchangedUpTo: number} {
	const view = sessionTotals(session, prices);
	const totals = cache.get(session)!;
	const {unchangedUpTo} = totals;
	totals.unchangedUpTo = session.turns.length;
	return {totals: view, unchangedUpTo};
}
