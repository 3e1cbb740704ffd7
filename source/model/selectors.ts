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

	for (const orphan of turn.orphanUsage) {
		usage = addUsage(usage, orphan);
		hasLogUsage = true;
	}

	return hasLogUsage ? usage : (turn.spanUsage ?? ZERO_USAGE);
}

/** Model requests in a turn: logged requests, or sampling spans when the logs are missing. */
export function turnModelRequestCount(turn: Turn): number {
	return Math.max(turn.modelRequests.length, turn.samplingSpans.length, turn.orphanUsage.length);
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
