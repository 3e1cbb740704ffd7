import type {SessionHub} from '../hub/session-hub.js';
import type {CodexEvent} from '../model/codex-event.js';
import {continuesMerge, type MergedFold} from '../model/merge-continuation.js';
import {mergeSourcesWithFacts} from '../model/merge-sources.js';
import type {Session} from '../model/session.js';
import type {EventLog} from '../store/event-log.js';
import type {RolloutStore} from '../store/rollout-store.js';

const LIVE = Object.freeze({live: true});

export type MergedConversations = {
	/** Rebuilds the session from both sources (an import, a first load): the one place live ingest merges. */
	rebuild(conversationId: string): Session | undefined;
	/**
	 * Folds a conversation's newly committed OTLP events into its merged session: as they come when the merge
	 * would place them just so, else by a rebuild. Returns the session.
	 */
	continue(conversationId: string, events: readonly CodexEvent[]): Session | undefined;
	/** How many of each happened (the bench and the tests read them). */
	readonly counts: {rebuilds: number; continued: number};
};

/**
 * The conversations that have an imported rollout. Each is merged once (see `merge-sources.ts`), and live
 * batches that follow are applied on top while `continuesMerge` says a new merge would give the same session,
 * so a long session with a rollout does not cost a whole re-read, re-merge and re-reduce per batch.
 */
export function createMergedConversations(hub: SessionHub, eventLog: EventLog, rollouts: RolloutStore): MergedConversations {
	// By session object: a session evicted or rebuilt elsewhere has no fold, and the fold goes with it.
	const folds = new WeakMap<Session, MergedFold>();
	const counts = {rebuilds: 0, continued: 0};

	const rebuild = (conversationId: string): Session | undefined => {
		counts.rebuilds++;
		const {events, facts} = mergeSourcesWithFacts(eventLog.readReceived(conversationId), rollouts.read(conversationId));
		let trailerById = false;
		const stream = function * () {
			for (let position = 0; position < events.length; position++) {
				if (position === facts.trailerFrom) {
					trailerById = outcomesFindTheirTurns(hub.getSession(conversationId), events.slice(position).map(stored => stored.event), position);
				}

				yield events[position]!.event;
			}
		};

		if (facts.trailerFrom === events.length) {
			trailerById = true;
		}

		const session = hub.reload(conversationId, stream());
		if (session) {
			folds.set(session, {facts, trailerById});
		}

		return session;
	};

	return {
		rebuild,
		continue(conversationId, events) {
			const session = hub.getSession(conversationId);
			const fold = session && folds.get(session);
			if (!fold || !continuesMerge(fold, events)) {
				return rebuild(conversationId);
			}

			counts.continued++;
			try {
				hub.ingest(events, LIVE);
			} catch (error) {
				// Folded in part: the next batch merges again rather than build on it.
				folds.delete(session);
				throw error;
			}

			return session;
		},
		counts,
	};
}

/**
 * Whether each of the rollout's turn outcomes will find its turn by id: asked just before they are applied, of the
 * session built from the `applied` events before them (checked, so a hub that read the stream ahead answers no).
 */
function outcomesFindTheirTurns(session: Session | undefined, outcomes: readonly CodexEvent[], applied: number): boolean {
	if (session?.eventCount !== applied) {
		return false;
	}

	const ids = new Set<string>();
	for (const turn of session.turns) {
		if (turn.turnId !== null) {
			ids.add(turn.turnId);
		}
	}

	return outcomes.every(event => event.kind === 'turn_outcome' && event.turnId !== '' && ids.has(event.turnId));
}
