import {checkExhaustive, type TurnScopedSpanEvent} from './codex-event.js';
import type {Session, Turn} from './session.js';
import {newTurn} from './session-factories.js';
import {insertSpanInOrder, insertTurnInOrder} from './time-order.js';
import {applyToolSpan} from './tool-calls.js';

/*
 * Which turn an event belongs to. Logs attach to the current turn (the latest prompt's); spans come 5-12 s later
 * and find theirs by turn id, by time when they carry none, or wait for a turn to get their id.
 */

/**
 * How far (ms) a turn span may start before, or end after, the prompt that began the turn.
 * The prompt is logged inside the turn, so in practice the span contains it; the slack absorbs clock rounding.
 */
const TURN_MATCH_SLACK_MS = 2000;

/** Spans held per session while their turn is unknown; beyond this the oldest are dropped. */
const MAX_PENDING_SPANS = 2000;

/** A new turn, in its place by start among the session's turns. */
export function openTurn(session: Session, startedAtMs: number): Turn {
	const turn = newTurn(startedAtMs);
	insertTurnInOrder(session.turns, turn);
	return turn;
}

/** The turn log events attach to; a turn is opened when events come before any prompt (e.g. a lost batch). */
export function ensureLogTurn(session: Session, atMs: number): Turn {
	session.currentTurn ??= openTurn(session, atMs);
	return session.currentTurn;
}

/** A prompt's turn: the prompt-less turn whose span (already arrived) contains it, else a new turn. */
export function turnForPrompt(session: Session, atMs: number): Turn {
	const turn = session.turns.find(candidate => !candidate.hasPrompt && candidate.span !== null
		&& atMs >= candidate.span.startMs - TURN_MATCH_SLACK_MS && atMs <= candidate.span.endMs + TURN_MATCH_SLACK_MS);
	if (turn) {
		turn.startedAtMs = Math.min(turn.startedAtMs, atMs);
		return turn;
	}

	return openTurn(session, atMs);
}

export function findTurnById(session: Session, turnId: string): Turn | undefined {
	// From the newest: ids are unique (assignTurnId), and events mostly concern recent turns, so a long session's
	// spans do not each walk every turn.
	return turnId ? session.turns.findLast(turn => turn.turnId === turnId) : undefined;
}

/** Gives a turn its id (once; an id already taken is not given twice) and applies the spans that waited for it. */
export function assignTurnId(session: Session, turn: Turn, turnId: string): void {
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
export function turnStartedAt(session: Session, atMs: number): Turn | undefined {
	let found: Turn | undefined;
	for (const turn of session.turns) {
		if (turn.startedAtMs <= atMs + TURN_MATCH_SLACK_MS) {
			found = turn;
		}
	}

	return found;
}

/** A turn span's turn: by id, else the id-less turn whose prompt it contains, else a new turn. */
export function findTurnForSpan(session: Session, turnId: string, startMs: number, endMs: number): Turn {
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

	const turn = best ?? openTurn(session, startMs);
	assignTurnId(session, turn, turnId);
	return turn;
}

/**
 * Sampling, tool-blocking and tool spans find their turn by id. An unknown id waits until a turn gets it
 * (from its turn span, an agent response, or a tool call the logs already placed), so a span that beats
 * the logs of its turn is never pinned on the previous one.
 */
export function applyTurnScopedSpan(session: Session, event: TurnScopedSpanEvent): void {
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

	return turnStartedAt(session, event.startMs) ?? openTurn(session, event.startMs);
}

function applySpanToTurn(session: Session, turn: Turn, event: TurnScopedSpanEvent): void {
	switch (event.kind) {
		case 'sampling_span': {
			insertSpanInOrder(turn.samplingSpans, {startMs: event.startMs, endMs: event.endMs});
			break;
		}

		case 'tool_blocking_span': {
			insertSpanInOrder(turn.toolBlockingSpans, {startMs: event.startMs, endMs: event.endMs});
			break;
		}

		case 'compaction': {
			insertSpanInOrder(turn.compactions, {startMs: event.startMs, endMs: event.endMs});
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
