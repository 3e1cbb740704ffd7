import type {SpanTelemetry} from '../otlp/telemetry-record.js';
import {readString} from './attributes.js';
import type {CodexEvent, WorkingDirectoryEvent} from './codex-event.js';
import type {Session} from './session.js';

/** The span that carries the working directory (`cwd`), once per model request. */
export const SAMPLING_REQUEST_SPAN = 'run_sampling_request';

/** Enough turns to cover spans exported a few requests apart, bounded for a receiver that runs for weeks. */
const REMEMBERED_TURNS = 2000;

/**
 * Which conversation each recent turn belongs to, learned from the events that name both. Codex's
 * `run_sampling_request` span names only its turn (`turn_id`); the turn's `codex.sampling` span, exported with it
 * or just before, names the conversation.
 */
export type TurnConversations = {
	learn(events: Iterable<CodexEvent>): void;
	conversationOf(turnId: string): string | undefined;
};

export function createTurnConversations(capacity = REMEMBERED_TURNS): TurnConversations {
	const turns = new Map<string, string>();
	return {
		learn(events) {
			for (const event of events) {
				const turnId = 'turnId' in event ? event.turnId : '';
				if (turnId && !turns.has(turnId)) {
					turns.set(turnId, event.conversationId);
					if (turns.size > capacity) {
						turns.delete(turns.keys().next().value!);
					}
				}
			}
		},
		conversationOf: turnId => turns.get(turnId),
	};
}

/** A `run_sampling_request` span without a conversation: its turn and directory. */
export function samplingDirectoryOf(span: SpanTelemetry): {turnId: string; cwd: string; atMs: number} | undefined {
	if (span.name !== SAMPLING_REQUEST_SPAN) {
		return undefined;
	}

	const turnId = readString(span.attributes, 'turn_id') ?? readString(span.attributes, 'turn.id');
	const cwd = readString(span.attributes, 'cwd');
	return turnId && cwd ? {turnId, cwd, atMs: span.startMs} : undefined;
}

/**
 * The directory events of a batch's sampling spans, whose conversation the batch (or an earlier one) told;
 * one per conversation and directory, since every model request repeats it. A span whose turn is not known yet
 * is dropped: the turn's next request says the same.
 */
export function directoryEvents(spans: Iterable<SpanTelemetry>, turns: TurnConversations): WorkingDirectoryEvent[] {
	const events: WorkingDirectoryEvent[] = [];
	const seen = new Set<string>();
	for (const span of spans) {
		const found = samplingDirectoryOf(span);
		const conversationId = found && turns.conversationOf(found.turnId);
		if (found && conversationId && !seen.has(`${conversationId}\n${found.cwd}`)) {
			seen.add(`${conversationId}\n${found.cwd}`);
			events.push({kind: 'working_directory', conversationId, atMs: found.atMs, cwd: found.cwd});
		}
	}

	return events;
}

/** Where the session ran: the directory Codex last reported, else the imported rollout's (`process.cwd`). */
export function sessionCwd(session: Pick<Session, 'cwd' | 'resource'>): string | null {
	const fromRollout = session.resource['process.cwd'];
	return session.cwd ?? (typeof fromRollout === 'string' && fromRollout !== '' ? fromRollout : null);
}

/** A batch's events with the directory events its sampling spans add (learning the batch's turns first). */
export function withDirectoryEvents(events: CodexEvent[], spans: Iterable<SpanTelemetry>, turns: TurnConversations): CodexEvent[] {
	turns.learn(events);
	for (const event of directoryEvents(spans, turns)) {
		events.push(event);
	}

	return events;
}
