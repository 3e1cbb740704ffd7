import {applyEventMessage} from './rollout-event-msg.js';
import {passOverCopied} from './rollout-copied-history.js';
import {isBlank, parseLine, type RolloutRecord, stringOf} from './rollout-json.js';
import {IGNORED_TYPES} from './rollout-line-filter.js';
import {applyResponseItem} from './rollout-response-item.js';
import {openMeta, writeStarts} from './rollout-session-meta.js';
import {createRolloutState, emit, type RolloutState, skip} from './rollout-state.js';
import type {ConverterOptions, RolloutConversion, RolloutConverter, RolloutEvent, RolloutSink, RolloutTurn} from './rollout-types.js';
import {applyUsageRecord} from './rollout-usage.js';

export type {ConverterOptions, ImportedRollout, RolloutConversion, RolloutConverter, RolloutEvent, RolloutSink, RolloutTurn} from './rollout-types.js';

/** Lines held while waiting for the `session_meta` line (Codex writes it first). */
const MAX_LINES_BEFORE_META = 10_000;

/**
 * Converts the lines of one Codex rollout file (`sessions/YYYY/MM/DD/rollout-*.jsonl`) into the model
 * events OTLP telemetry would have produced, so an imported session goes through the same engine.
 * Token usage comes from `token_usage_record` (one per model response) or, in files without them, from
 * the growth of `token_count`'s cumulative total, never both.
 */
export function rolloutToEvents(lines: Iterable<string>): RolloutConversion {
	const events: Array<{ordinal: number; event: RolloutEvent}> = [];
	const turns: RolloutTurn[] = [];
	const converter = createRolloutConverter({
		event: (ordinal, event) => events.push({ordinal, event}),
		retract(ordinals) {
			const dropped = new Set(ordinals);
			for (let index = events.length - 1; index >= 0; index--) {
				if (dropped.has(events[index]!.ordinal)) {
					events.splice(index, 1);
				}
			}
		},
		turn: turn => turns.push(turn),
	});
	for (const line of lines) {
		converter.push(line);
	}

	const totals = converter.finish();
	return {...totals, events: events.sort((a, b) => a.ordinal - b.ordinal).map(({event}) => event), turns};
}

/**
 * The same conversion, a line at a time: memory stays flat whatever the file's length. A fork or a
 * sub-agent started with its parent's history holds copies of the parent's lines; they are told apart by
 * exact signals (a second `session_meta` of another thread, a record of another thread id, a
 * `response_id` already counted), never by timing, and counted once: in the parent.
 * Each record type has its handler (rollout-session-meta, -event-msg, -response-item, -usage); they share
 * one `RolloutState`.
 */
export function createRolloutConverter(sink: RolloutSink, options: ConverterOptions = {}): RolloutConverter {
	const state = createRolloutState(sink, options);
	let lineCount = 0;
	/** Records before the `session_meta` (undefined once there were too many, or once it came). */
	let waiting: RolloutRecord[] | undefined = [];

	const accept = (record: RolloutRecord) => {
		if (!state.conversationId) {
			if (record.type === 'session_meta') {
				openMeta(state, record.atMs, record.payload);
			}

			if (!state.conversationId) {
				if (waiting && waiting.length < MAX_LINES_BEFORE_META) {
					waiting.push(record);
				} else {
					waiting = undefined;
				}

				return;
			}

			const held = waiting ?? [];
			waiting = undefined;
			for (const early of held) {
				applyRecord(state, early);
			}

			return;
		}

		applyRecord(state, record);
	};

	const acceptLine = (line: string) => {
		lineCount++;
		const record = parseLine(line);
		if (typeof record === 'string') {
			skip(state, record);
		} else {
			accept(record);
		}
	};

	return {
		pushBytes(bytes, start, end) {
			if (end > start && !isBlank(bytes, start, end)) {
				acceptLine(bytes.toString('utf8', start, end));
			}
		},
		countIgnored(lines) {
			lineCount += lines;
		},
		push(line) {
			if (line.trim() !== '') {
				acceptLine(line);
			}
		},
		finish() {
			const {conversationId} = state;
			if (!conversationId) {
				if (lineCount > 0 && (waiting === undefined || waiting.length > 0)) {
					skip(state, 'no session_meta');
				}

				return {conversationId: null, lines: lineCount, skipped: {...state.skipped}};
			}

			if (!state.startsWritten) {
				writeStarts(state, undefined);
				// Written again, with the model, when the first turn context comes.
				state.startsWritten = false;
			}

			// A file that ends inside a turn (Codex still running, or killed): the turn is open until its last line.
			if (state.turnId) {
				sink.turn({turnId: state.turnId, startMs: state.turnStartMs, endMs: state.lastAtMs});
			}

			return {conversationId, lines: lineCount, skipped: {...state.skipped}};
		},
		conversationId: () => state.conversationId,
	};
}

/** One record of the file's own conversation (after its `session_meta`), to its record type's handler. */
function applyRecord(state: RolloutState, record: RolloutRecord): void {
	const {atMs, type, payload} = record;
	state.lastAtMs = atMs;
	if (passOverCopied(state, record)) {
		return;
	}

	if (!state.startsWritten && type === 'turn_context') {
		writeStarts(state, payload);
	}

	switch (type) {
		case 'session_meta': {
			break;
		}

		case 'compacted': {
			emit(state, atMs, state.turnId, {kind: 'compaction', turnId: state.turnId ?? '', startMs: atMs, endMs: atMs});
			break;
		}

		case 'turn_context': {
			state.model = stringOf(payload.model) ?? state.model;
			break;
		}

		case 'token_usage_record': {
			applyUsageRecord(state, atMs, payload);
			break;
		}

		case 'event_msg': {
			applyEventMessage(state, atMs, payload);
			break;
		}

		case 'response_item': {
			applyResponseItem(state, atMs, payload);
			break;
		}

		default: {
			if (!IGNORED_TYPES.has(type)) {
				skip(state, `type ${type}`);
			}
		}
	}
}
