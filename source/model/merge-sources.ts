import type {CodexEvent} from './codex-event.js';
import type {ImportedRollout} from './normalize-rollout.js';
import type {StoredEvent} from './stored-event.js';

/** How far outside a rollout turn's bounds an OTLP event still counts as evidence of that turn. */
const TURN_SLACK_MS = 1000;

/**
 * One conversation seen by both sources, as one stream. Live OTLP is primary: a rollout turn is kept only
 * when OTLP has nothing of it (by turn id, or any OTLP event within its time), so no turn, token or tool
 * call is counted twice, and history from before codexmon ran (or without `[otel]`) still shows.
 * Rollout events get negative sequence numbers: they never collide with the log's.
 */
export function mergeSources(otlp: readonly StoredEvent[], rollout: ImportedRollout): StoredEvent[] {
	const coveredIds = new Set<string>();
	const times: number[] = [];
	for (const {event} of otlp) {
		const turnId = turnIdOf(event);
		if (turnId) {
			coveredIds.add(turnId);
		}

		if (!isConversationLevel(event)) {
			times.push(event.atMs);
		}
	}

	times.sort((a, b) => a - b);
	const covered = (turnId: string | null): boolean => {
		if (turnId === null) {
			return otlp.length > 0;
		}

		if (coveredIds.has(turnId)) {
			return true;
		}

		const turn = rollout.turns.find(candidate => candidate.turnId === turnId);
		return turn !== undefined && hasTimeWithin(times, turn.startMs - TURN_SLACK_MS, turn.endMs + TURN_SLACK_MS);
	};

	const header: StoredEvent[] = [];
	const trailer: StoredEvent[] = [];
	const blocks: Array<{turnId: string | null; startMs: number; events: StoredEvent[]}> = [];
	let seq = -rollout.events.length - 1;
	for (const {event, turnId} of rollout.events) {
		seq++;
		const stored = {seq, receivedMs: event.atMs, event};
		if (isConversationLevel(event)) {
			header.push(stored);
		} else if (event.kind === 'turn_outcome') {
			// How a turn ended is kept whichever source has the turn: telemetry often stops before the end.
			trailer.push(stored);
		} else if (!covered(turnId)) {
			const block = blocks.at(-1);
			if (block?.turnId === turnId) {
				block.events.push(stored);
			} else {
				blocks.push({turnId, startMs: event.atMs, events: [stored]});
			}
		}
	}

	// Rollout turns go before the first OTLP log event that is later: the reducer attaches logs to the latest prompt.
	const merged: StoredEvent[] = [...header];
	let next = 0;
	for (const stored of otlp) {
		while (next < blocks.length && isLogEvent(stored.event) && stored.event.atMs > blocks[next]!.startMs) {
			merged.push(...blocks[next++]!.events);
		}

		merged.push(stored);
	}

	while (next < blocks.length) {
		merged.push(...blocks[next++]!.events);
	}

	merged.push(...trailer);
	return merged;
}

/** Kept whatever OTLP has: the conversation's identity, and what only the rollout knows (plan limits). */
function isConversationLevel(event: CodexEvent): boolean {
	return event.kind === 'conversation_starts' || event.kind === 'subagent_spawned' || event.kind === 'rate_limits' || event.kind === 'usage_limit_reached';
}

function isLogEvent(event: CodexEvent): boolean {
	return !event.kind.endsWith('_span');
}

function turnIdOf(event: CodexEvent): string | undefined {
	return 'turnId' in event && event.turnId ? event.turnId : undefined;
}

function hasTimeWithin(sorted: readonly number[], fromMs: number, toMs: number): boolean {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < fromMs) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low < sorted.length && sorted[low]! <= toMs;
}
