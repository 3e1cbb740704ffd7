import {maskEvent} from '../model/mask-event.js';
import {createRolloutConverter, type RolloutConverter, type RolloutSink} from '../model/normalize-rollout.js';
import {isIgnorableLine, summarizeLine} from '../model/rollout-line-filter.js';
import type {RolloutFile} from './find-rollouts.js';
import type {ImportTotals} from './import-totals.js';
import {readLines, RolloutReadError} from './read-lines.js';

/**
 * Where a rollout file's events go. The importer only reads and converts; app/ gives a consumer that
 * writes them to the store (as receiver/ is given `consume`).
 */
export type RolloutConsumer = {
	/** Runs one read of a file as one unit: all of it is kept, or none if it throws. */
	commit(read: () => void): void;
	/** The sink of one read's events; `replace`: the file is read from its start, so what it gave before goes. */
	consume(conversationIdOf: () => string | null, options: {replace: boolean}): RolloutSink;
	/** The turn ids already known of another thread (its imported rollout), for the converter's fork check. */
	turnsOf(conversationId: string): ReadonlySet<string> | undefined;
	/** Within the read's unit: the file gave this conversation, whose spawned children are `children`. */
	finished(file: RolloutFile, conversationId: string, children: ReadonlySet<string>, totals: ImportTotals): void;
};

/** Where a file's reading stopped, to read on from there when it grows (`--watch-sessions`). */
export type RolloutTail = {converter: RolloutConverter; relay: Relay; offset: number; inode: number};

/** The converter's sink for one file; what it writes to is set anew for each read (each unit). */
type Relay = RolloutSink & {target?: RolloutSink; events: number; turns: Set<string>; children: Set<string>};

function createRelay(mask: boolean): Relay {
	const relay: Relay = {
		events: 0,
		turns: new Set(),
		children: new Set(),
		event(ordinal, event) {
			relay.events++;
			if (event.event.kind === 'subagent_spawned' && event.event.parentConversationId !== event.event.conversationId && ordinal > 1) {
				relay.children.add(event.event.conversationId);
			}

			relay.target!.event(ordinal, mask ? {event: maskEvent(event.event), turnId: event.turnId} : event);
		},
		retract: ordinals => relay.target!.retract(ordinals),
		turn(turn) {
			relay.turns.add(turn.turnId);
			relay.target!.turn(turn);
		},
	};
	return relay;
}

/**
 * Reads one file into the consumer, from its start (replacing what it gave before) or, given its tail, from
 * where the last read stopped (only whole lines: a last line Codex is still writing waits for the next read).
 * Gives the file's conversation (undefined when it has none or cannot be read) and the tail to read on from.
 */
export function readRolloutFile(file: RolloutFile, from: {tail?: RolloutTail; inode?: number}, consumer: RolloutConsumer, options: {mask?: boolean}, totals: ImportTotals): {conversationId?: string; tail?: RolloutTail} {
	const tail = from.tail;
	const relay = tail?.relay ?? createRelay(options.mask ?? false);
	const converter = tail?.converter ?? createRolloutConverter(relay, {turnsOf: id => consumer.turnsOf(id)});
	relay.events = 0;
	relay.turns = new Set();
	relay.children = new Set();
	let conversationId: string | undefined;
	let offset = 0;
	try {
		consumer.commit(() => {
			relay.target = consumer.consume(() => converter.conversationId(), {replace: tail === undefined});
			const before = converter.finish();
			const result = readLines(file.path, (bytes, start, end) => {
				converter.pushBytes(bytes, start, end);
			}, {fromByte: tail?.offset ?? 0, partialLast: from.inode === undefined, ignore: isIgnorableLine, summarize: summarizeLine});
			converter.countIgnored(result.ignored);
			offset = result.bytes;
			const after = converter.finish();
			totals.lines += after.lines - before.lines;
			for (const [reason, count] of Object.entries(after.skipped)) {
				const added = count - (before.skipped[reason] ?? 0);
				if (added > 0) {
					totals.skipped[reason] = (totals.skipped[reason] ?? 0) + added;
				}
			}

			if (result.oversized > 0) {
				totals.skipped['line over 64 MiB'] = (totals.skipped['line over 64 MiB'] ?? 0) + result.oversized;
			}

			if (!after.conversationId) {
				return;
			}

			conversationId = after.conversationId;
			consumer.finished(file, conversationId, relay.children, totals);
		});
	} catch (error) {
		if (error instanceof RolloutReadError) {
			totals.unreadable.push(error.message);
			return {};
		}

		throw error;
	} finally {
		relay.target = undefined;
	}

	if (!conversationId) {
		return {};
	}

	totals.turns += relay.turns.size;
	totals.events += relay.events;
	if (tail) {
		tail.offset = offset;
	}

	return {conversationId, tail: tail ?? (from.inode === undefined ? undefined : {converter, relay, offset, inode: from.inode})};
}
