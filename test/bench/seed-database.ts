import {randomBytes} from 'node:crypto';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {createIngest} from '../../source/app/ingest.js';
import {openDatabase} from '../../source/store/database.js';
import {createEventLog} from '../../source/store/event-log.js';
import {createSessionIndex} from '../../source/store/session-index.js';
import {loadCapture, type CaptureName} from '../helpers/captures.js';
import {eventsOfCapture} from '../helpers/pipeline.js';

/** A database holding one real capture, stored through the same ingest as `serve` (every span decoded). */
export function seedCapture(dbPath: string, name: CaptureName): void {
	const db = openDatabase(dbPath);
	const hub = createSessionHub();
	const ingest = createIngest(db, hub);
	for (const request of loadCapture(name)) {
		ingest.ingest(decodeExport(signalFromPath(request.path), request.contentType.includes('json') ? 'json' : 'protobuf', request.body), request.body, Date.now());
	}

	hub.close();
	db.close();
}

/**
 * A database with one session of at least `target` events: the real interactive session's own events,
 * repeated as further turns (fresh turn and call ids, later times), arriving 20 ms apart.
 */
export function seedLongSession(dbPath: string, target: number): {conversationId: string; events: number} {
	const all = eventsOfCapture('tui-session');
	const counts = new Map<string, number>();
	for (const event of all) {
		counts.set(event.conversationId, (counts.get(event.conversationId) ?? 0) + 1);
	}

	const conversationId = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
	const own = all.filter(event => event.conversationId === conversationId);
	const firstMs = own[0]!.atMs;
	const spanMs = own.at(-1)!.atMs - firstMs + 1000;
	const events: CodexEvent[] = [];
	for (let round = 0; events.length < target; round++) {
		for (const event of own) {
			if (round > 0 && event.kind === 'conversation_starts') {
				continue;
			}

			events.push(shifted(event, round, round * spanMs));
		}
	}

	const db = openDatabase(dbPath);
	const eventLog = createEventLog(db);
	const engine = createSessionEngine();
	const receivedStartMs = Date.now() - events.length * 20;
	db.transaction(() => {
		for (let start = 0; start < events.length; start += 500) {
			const batch = events.slice(start, start + 500);
			eventLog.insertBatch({receivedMs: receivedStartMs + start * 20, signal: 'logs', digest: randomBytes(16), records: batch.length, events: batch});
			engine.applyAll(batch);
		}

		createSessionIndex(db).upsert(summarizeSession(engine.model.sessions.get(conversationId)!, createPriceBook()));
	})();
	db.close();
	return {conversationId, events: events.length};
}

function shifted(event: CodexEvent, round: number, byMs: number): CodexEvent {
	const copy: Record<string, unknown> = {...event, atMs: event.atMs + byMs};
	for (const key of ['turnId', 'callId'] as const) {
		if (typeof copy[key] === 'string' && round > 0) {
			copy[key] = `${copy[key] as string}-${round}`;
		}
	}

	for (const key of ['startMs', 'endMs'] as const) {
		if (typeof copy[key] === 'number') {
			copy[key] = (copy[key] as number) + byMs;
		}
	}

	return copy as CodexEvent;
}
