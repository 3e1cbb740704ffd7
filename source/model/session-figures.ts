import type {PriceBook} from './price-book.js';
import type {Session} from './session.js';
import {localDay} from './session-document.js';
import {takeChanges, type TurnFigures} from './session-totals.js';
import {spendBuckets, type SpendBucket} from './spend-buckets.js';
import {addUsage, ZERO_USAGE, type TokenUsage} from './tokens.js';

/** The summary's per-model, per-day and per-hour figures: usageByModel, turnsByModel, costByDay and spendBuckets. */
export type SessionFigures = {
	usageByModel: Record<string, TokenUsage>;
	turnsByModel: Record<string, number>;
	costByDay: Record<string, number>;
	spend: SpendBucket[];
};

/** A fold of the turns so far, in turn order (so sums, floating-point ones too, come out as a fresh fold's). */
type Fold = {usageByModel: Map<string, TokenUsage>; turnsByModel: Map<string, number>; costByDay: Map<string, number>; spend: Map<string, SpendBucket>};

/** A checkpoint every this many turns: a late span on an old turn refolds from the checkpoint before it. */
const CHECKPOINT_TURNS = 64;

type State = {prices: PriceBook; checkpoints: Fold[]; result: SessionFigures | null};

const states = new WeakMap<Session, State>();
/** A turn's own spend buckets, kept with its figures (a new figures object when the turn changed). */
const turnSpend = new WeakMap<TurnFigures, readonly SpendBucket[]>();

/**
 * The figures, folded again only from the last checkpoint before the first turn that changed: O(1) turns per commit
 * while a session grows, instead of every request of every turn. The same values, keys and order as a fold from
 * scratch (session-cost's usageByModel and turnsByModel, spendBuckets).
 */
export function sessionFigures(session: Session, prices: PriceBook): SessionFigures {
	let state = states.get(session);
	if (state?.prices !== prices) {
		state = {prices, checkpoints: [], result: null};
		states.set(session, state);
	}

	const {totals, unchangedUpTo} = takeChanges(session, prices);
	if (state.result && unchangedUpTo >= totals.turns.length) {
		return state.result;
	}

	// Checkpoint k holds the fold of turns [0, k * CHECKPOINT_TURNS).
	const usable = Math.min(state.checkpoints.length - 1, Math.floor(unchangedUpTo / CHECKPOINT_TURNS));
	state.checkpoints.length = Math.max(usable + 1, 1);
	const fold = copy(usable >= 0 ? state.checkpoints[usable]! : emptyFold());
	if (usable < 0) {
		state.checkpoints[0] = copy(fold);
	}

	for (let index = Math.max(usable, 0) * CHECKPOINT_TURNS; index < totals.turns.length; index++) {
		add(fold, totals.turns[index]!, session);
		if ((index + 1) % CHECKPOINT_TURNS === 0) {
			state.checkpoints[(index + 1) / CHECKPOINT_TURNS] = copy(fold);
		}
	}

	state.result = {
		usageByModel: Object.fromEntries(fold.usageByModel),
		turnsByModel: Object.fromEntries(fold.turnsByModel),
		costByDay: Object.fromEntries(fold.costByDay),
		spend: [...fold.spend.values()].sort((a, b) => a.hourMs - b.hourMs || a.model.localeCompare(b.model)),
	};
	return state.result;
}

function add(fold: Fold, figures: TurnFigures, session: Session): void {
	const {model, usage, costUsd, turn} = figures;
	fold.usageByModel.set(model, addUsage(fold.usageByModel.get(model) ?? ZERO_USAGE, usage));
	fold.turnsByModel.set(model, (fold.turnsByModel.get(model) ?? 0) + 1);
	if (costUsd) {
		const day = localDay(turn.startedAtMs);
		fold.costByDay.set(day, (fold.costByDay.get(day) ?? 0) + costUsd);
	}

	let spend = turnSpend.get(figures);
	if (!spend) {
		spend = spendBuckets(session, [turn]);
		turnSpend.set(figures, spend);
	}

	for (const part of spend) {
		const key = `${part.hourMs}\u0000${part.day}\u0000${part.model}`;
		const bucket = fold.spend.get(key);
		if (bucket) {
			bucket.requests += part.requests;
			bucket.turns += part.turns;
			bucket.usage = addUsage(bucket.usage, part.usage);
			if (part.longUsage) {
				bucket.longUsage = addUsage(bucket.longUsage ?? ZERO_USAGE, part.longUsage);
			}
		} else {
			fold.spend.set(key, {...part});
		}
	}
}

function emptyFold(): Fold {
	return {usageByModel: new Map(), turnsByModel: new Map(), costByDay: new Map(), spend: new Map()};
}

function copy(fold: Fold): Fold {
	return {usageByModel: new Map(fold.usageByModel), turnsByModel: new Map(fold.turnsByModel), costByDay: new Map(fold.costByDay), spend: new Map([...fold.spend].map(([key, bucket]) => [key, {...bucket}]))};
}
