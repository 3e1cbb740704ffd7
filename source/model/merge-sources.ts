import type {CodexEvent} from './codex-event.js';
import type {ImportedRollout} from './normalize-rollout.js';
import type {StoredEvent} from './stored-event.js';

/** How far outside a rollout turn's bounds an OTLP event still counts as evidence of that turn. */
export const TURN_SLACK_MS = 1000;

/**
 * What a merge decided, for telling later whether more OTLP events of the conversation can simply follow it
 * (see `merge-continuation.ts`) or would change what it decided.
 */
export type MergeFacts = {
	/** Every turn id the rollout has. */
	rolloutTurnIds: ReadonlySet<string>;
	/** The rollout's turns OTLP had (by id or time): their rollout events were left out. */
	coveredTurnIds: ReadonlySet<string>;
	/**
	 * The time windows (with slack) of the rollout turns OTLP did not have: their starts ascending, and how far the
	 * windows up to each one reach (the greatest end so far), so one binary search tells whether a time is in any.
	 */
	uncovered: {fromMs: readonly number[]; reachMs: readonly number[]};
	/** Rollout turns placed after every OTLP event, because no OTLP log came later than their start. */
	trailingBlocks: number;
	/** The merged stream's last part: how the rollout's turns ended (`turn_outcome`), from this position on. */
	trailerFrom: number;
};

/**
 * One conversation seen by both sources, as one stream. Live OTLP is primary: a rollout turn is kept only
 * when OTLP has nothing of it (by turn id, or any OTLP event within its time), so no turn, token or tool
 * call is counted twice, and history from before codexmon ran (or without `[otel]`) still shows.
 * Rollout events get negative sequence numbers: they never collide with the log's.
 */
export function mergeSources(otlp: readonly StoredEvent[], rollout: ImportedRollout): StoredEvent[] {
	return mergeSourcesWithFacts(otlp, rollout).events;
}

/** The same merge, with what it decided. */
export function mergeSourcesWithFacts(otlp: readonly StoredEvent[], rollout: ImportedRollout): {events: StoredEvent[]; facts: MergeFacts} {
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
	// The first turn of an id, as a search from the start finds it.
	const turnsById = new Map<string, ImportedRollout['turns'][number]>();
	for (const turn of rollout.turns) {
		if (!turnsById.has(turn.turnId)) {
			turnsById.set(turn.turnId, turn);
		}
	}

	const covered = (turnId: string | null): boolean => {
		if (turnId === null) {
			return otlp.length > 0;
		}

		if (coveredIds.has(turnId)) {
			return true;
		}

		const turn = turnsById.get(turnId);
		return turn !== undefined && hasTimeWithin(times, turn.startMs - TURN_SLACK_MS, turn.endMs + TURN_SLACK_MS);
	};

	const header: StoredEvent[] = [];
	const trailer: StoredEvent[] = [];
	const blocks: Array<{turnId: string | null; startMs: number; events: StoredEvent[]}> = [];
	const rolloutTurnIds = new Set(turnsById.keys());
	let seq = -rollout.events.length - 1;
	for (const {event, turnId} of rollout.events) {
		seq++;
		if (turnId) {
			rolloutTurnIds.add(turnId);
		}

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

	const trailingBlocks = blocks.length - next;
	while (next < blocks.length) {
		merged.push(...blocks[next++]!.events);
	}

	const trailerFrom = merged.length;
	merged.push(...trailer);
	const coveredTurnIds = new Set([...rolloutTurnIds].filter(turnId => covered(turnId)));
	const windows = rollout.turns.filter(turn => !coveredTurnIds.has(turn.turnId)).sort((a, b) => a.startMs - b.startMs);
	const uncovered = {fromMs: windows.map(turn => turn.startMs - TURN_SLACK_MS), reachMs: [] as number[]};
	for (const turn of windows) {
		uncovered.reachMs.push(Math.max(uncovered.reachMs.at(-1) ?? Number.NEGATIVE_INFINITY, turn.endMs + TURN_SLACK_MS));
	}

	return {events: merged, facts: {rolloutTurnIds, coveredTurnIds, uncovered, trailingBlocks, trailerFrom}};
}

/** Kept whatever OTLP has: the conversation's identity, and what only the rollout knows (plan limits). */
export function isConversationLevel(event: CodexEvent): boolean {
	return event.kind === 'conversation_starts' || event.kind === 'subagent_spawned' || event.kind === 'rate_limits' || event.kind === 'usage_limit_reached';
}

function isLogEvent(event: CodexEvent): boolean {
	return !event.kind.endsWith('_span');
}

export function turnIdOf(event: CodexEvent): string | undefined {
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
