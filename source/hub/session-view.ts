import type {PriceBook} from '../model/price-book.js';
import {sessionTransport} from '../model/selectors.js';
import {summarizeSession, type SessionSummary} from '../model/session-summary.js';
import {sessionTotals, type TurnFigures} from '../model/session-totals.js';
import type {Session} from '../model/session.js';
import type {TokenUsage} from '../model/tokens.js';
import {lastTurnOutcome, type TurnOutcomeView} from '../model/turn-outcome.js';
import {sessionCwd} from '../model/working-directory.js';
import {describeCall, type DescribedCall} from './described-calls.js';
import {buildTurnTimelines, type TurnTimeline} from './timeline-view.js';

/**
 * One session as the screens show it, at one version: its figures are computed once here, never during a render.
 * A new view replaces it when the session changes; a view itself never changes. The parts only the session screen
 * needs (its timeline, its calls) are computed the first time they are read.
 */
export type SessionView = {
	readonly conversationId: string;
	readonly version: number;
	/** The session itself, for what the screens show as it is (ids, settings, turns); never written through a view. */
	readonly session: Session;
	readonly summary: SessionSummary;
	readonly usage: TokenUsage;
	readonly costUsd: number | null;
	/** Per turn, aligned with session.turns: its tokens and cost. */
	readonly turns: readonly TurnFigures[];
	readonly transport: 'http' | 'websocket' | 'mixed' | null;
	readonly cwd: string | null;
	readonly outcome: TurnOutcomeView | null;
	readonly alertCallIds: ReadonlySet<string>;
	/** Tool calls in call order (by turn, then start), described. */
	readonly calls: readonly DescribedCall[];
	readonly timeline: readonly TurnTimeline[];
};

/**
 * The session's view at its current version. `summary` is the one ingest just computed for the session list (the same
 * figures), when there is one for this version.
 */
export function buildSessionView(session: Session, prices: PriceBook, summary?: SessionSummary): SessionView {
	const totals = sessionTotals(session, prices);
	// The totals keep one array up to date in place; a view keeps what it was built from.
	const turns = [...totals.turns];
	const alertCallIds = new Set(session.alerts.flatMap(alert => alert.callIds));
	let calls: DescribedCall[] | undefined;
	let timeline: TurnTimeline[] | undefined;
	let summarized = summary;
	return Object.freeze({
		conversationId: session.conversationId,
		version: session.version,
		session,
		get summary() {
			summarized ??= summarizeSession(session, prices);
			return summarized;
		},
		usage: totals.usage,
		costUsd: totals.costUsd,
		turns,
		transport: sessionTransport(session),
		cwd: sessionCwd(session),
		outcome: lastTurnOutcome(session),
		alertCallIds,
		get calls() {
			calls ??= session.turns.flatMap(turn => turn.toolCalls.map(call => describeCall(call)));
			return calls;
		},
		get timeline() {
			timeline ??= buildTurnTimelines(session, turns, alertCallIds);
			return timeline;
		},
	});
}
