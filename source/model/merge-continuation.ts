import type {CodexEvent} from './codex-event.js';
import {isConversationLevel, turnIdOf, type MergeFacts} from './merge-sources.js';

/**
 * A merged conversation as folded into its session: what the merge decided, and whether each rollout turn
 * outcome (the merged stream's trailer) found its turn by id when it was applied.
 */
export type MergedFold = {facts: MergeFacts; trailerById: boolean};

/**
 * Whether OTLP events that arrive after a merge can be folded into the merged session as they come, giving
 * exactly the session a new merge of everything would give. A new merge keeps the same rollout events in the
 * same places when the new events cover no rollout turn that was left in (by id or by time) and no rollout
 * turn waits at the end for a later OTLP log; what differs is only that the new events come before the
 * rollout's turn outcomes instead of after them. That is the same session when every outcome found its turn
 * by id and no new event is an outcome itself (`codexmon export` writes them): only outcomes write a turn's
 * outcome, nothing reads it while folding, and no later event can give that id to another turn.
 * Anything else (the first OTLP of a rollout-only conversation, an outcome matched by time, a live event in a
 * rollout turn OTLP had not had): merge again.
 */
export function continuesMerge(fold: MergedFold, events: readonly CodexEvent[]): boolean {
	const {facts} = fold;
	if (events.length === 0) {
		return true;
	}

	// With no OTLP before, every rollout turn waits at the end: the first OTLP event merges again.
	if (facts.trailingBlocks > 0 || !fold.trailerById) {
		return false;
	}

	for (const event of events) {
		if (event.kind === 'turn_outcome') {
			return false;
		}

		const turnId = turnIdOf(event);
		if (turnId !== undefined && facts.rolloutTurnIds.has(turnId) && !facts.coveredTurnIds.has(turnId)) {
			return false;
		}

		if (!isConversationLevel(event) && withinAny(facts.uncovered, event.atMs)) {
			return false;
		}
	}

	return true;
}

/** Whether a time falls in a rollout turn OTLP did not have (with the merge's slack). */
function withinAny({fromMs, reachMs}: MergeFacts['uncovered'], atMs: number): boolean {
	// The last window that starts by then; any window that holds the time starts by then too.
	let low = 0;
	let high = fromMs.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (fromMs[middle]! <= atMs) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low > 0 && reachMs[low - 1]! >= atMs;
}
