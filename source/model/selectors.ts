import {isCompactionRequest} from './model-requests.js';
import {DECISIONS, type Session, type ToolCall, type Turn} from './session.js';
import {addUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';

/**
 * A turn's tokens: the sum of its per-request usage records (logs) when there are any, else the
 * per-turn totals of its `session_task.turn` span. The two describe the same tokens: never both.
 */
export function turnUsage(turn: Turn): TokenUsage {
	let usage = ZERO_USAGE;
	let hasLogUsage = false;
	for (const request of turn.modelRequests) {
		if (request.usage) {
			usage = addUsage(usage, request.usage);
			hasLogUsage = true;
		}
	}

	return hasLogUsage ? usage : (turn.spanUsage ?? ZERO_USAGE);
}

/**
 * Model requests in a turn: completed or finally failed, each once however many attempts it took; sampling
 * spans (one per try) only when no log of the turn's requests arrived.
 */
export function turnModelRequestCount(turn: Turn): number {
	if (turn.modelRequests.length === 0) {
		return turn.samplingSpans.length;
	}

	// A compaction's summary request is not one Codex counts (`sampling_request_count`): its tokens still are.
	let count = 0;
	for (const request of turn.modelRequests) {
		if (turn.compactions.length === 0 || !isCompactionRequest(turn, request)) {
			count++;
		}
	}

	return count;
}

/** `http`, `websocket`, or `mixed` for a session with both transports' records (a fallback); null before any. */
export function sessionTransport(session: Session): 'http' | 'websocket' | 'mixed' | null {
	const {http, websocket} = session.transports;
	if (http && websocket) {
		return 'mixed';
	}

	return http ? 'http' : (websocket ? 'websocket' : null);
}

/** How close to its last logged activity a turn's span (or its process) must end for the turn to be over. */
const TURN_END_SLACK_MS = 100;

/**
 * Whether a turn can do no more: its answer arrived, a later turn began, or its span (or its process) ended at its
 * last logged activity. Spans can arrive before the logs of their turn, so a span alone does not end a turn whose
 * logs are still coming.
 */
export function isTurnOver(session: Session, turn: Turn): boolean {
	if (turn.response !== null || session.currentTurn !== turn) {
		return true;
	}

	const endMs = Math.min(turn.span?.endMs ?? Number.POSITIVE_INFINITY, session.endedAtMs ?? Number.POSITIVE_INFINITY);
	return endMs <= turn.lastActivityMs + TURN_END_SLACK_MS;
}

export function turnEndMs(turn: Turn): number {
	return turn.span ? Math.max(turn.span.endMs, turn.lastActivityMs) : turn.lastActivityMs;
}

export function sessionUsage(session: Session): TokenUsage {
	let usage = ZERO_USAGE;
	for (const turn of session.turns) {
		usage = addUsage(usage, turnUsage(turn));
	}

	return usage;
}

export function sessionModelRequestCount(session: Session): number {
	let count = 0;
	for (const turn of session.turns) {
		count += turnModelRequestCount(turn);
	}

	return count;
}

/** Tool calls in call order: by turn, then by when each call started. */
export function orderedToolCalls(session: Session): ToolCall[] {
	const calls: ToolCall[] = [];
	for (const turn of session.turns) {
		calls.push(...turn.toolCalls);
	}

	return calls;
}

export type DecisionCounts = Record<(typeof DECISIONS)[number], number>;

export function decisionCounts(session: Session): DecisionCounts {
	const counts = Object.fromEntries(DECISIONS.map(decision => [decision, 0])) as DecisionCounts;
	for (const call of session.toolCalls.values()) {
		if (call.decision !== null && call.decision in counts) {
			counts[call.decision as keyof DecisionCounts]++;
		}
	}

	return counts;
}

/** The id shown in lists: the first 8 characters of a UUIDv7 are its time, so use the tail. */
export function shortConversationId(conversationId: string): string {
	return conversationId.length > 8 ? conversationId.slice(-8) : conversationId;
}
