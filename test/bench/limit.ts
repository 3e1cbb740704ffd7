import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {normalizeLog} from '../../source/model/normalize-log.js';
import {isTimelineSpan, normalizeSpan} from '../../source/model/normalize-span.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {decodeExport} from '../../source/otlp/decode.js';
import {flattenExport} from '../../source/otlp/flatten.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {MIGRATIONS} from '../../source/store/migrations/index.js';
import type {WorkloadRequest} from './workload.js';

export type LimitFigure = {records: number; decodeSeconds: number; insertSeconds: number; rows: number; recordsPerSecond: number};

/**
 * The machine's limit for the same work, in-process and with nothing else: the same bodies only decoded
 * by protobufjs (JSON.parse for JSON bodies), and the same rows only inserted into an equivalent SQLite
 * table (our schema, WAL, synchronous=NORMAL), one transaction per request.
 */
export function measureLimit(workload: WorkloadRequest[], rounds: number): LimitFigure {
	let decodeSeconds = 0;
	let records = 0;
	const rowsPerRequest: CodexEvent[][] = [];
	for (let round = 0; round < rounds; round++) {
		for (const request of workload) {
			const started = performance.now();
			const exported = decodeExport(signalFromPath(request.path), request.contentType.includes('json') ? 'json' : 'protobuf', request.body);
			decodeSeconds += (performance.now() - started) / 1000;
			records += request.items;
			if (round === 0) {
				const flattened = flattenExport(exported, {span: isTimelineSpan});
				rowsPerRequest.push([...flattened.logs.flatMap(log => normalizeLog(log)), ...flattened.spans.flatMap(span => normalizeSpan(span) ?? [])]);
			}
		}
	}

	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-limit-'));
	const db = new Database(path.join(directory, 'limit.db'));
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	for (const migration of MIGRATIONS) {
		db.exec(migration);
	}

	const insert = db.prepare('INSERT INTO events (batch_id, conversation_id, kind, at_ms, received_ms, data) VALUES (?, ?, ?, ?, ?, ?)');
	const encoded = rowsPerRequest.map(rows => rows.map(row => [row.conversationId, row.kind, row.atMs, JSON.stringify(row)] as const));
	const insertBatch = db.transaction((rows: typeof encoded[number], batch: number) => {
		for (const [conversationId, kind, atMs, data] of rows) {
			insert.run(batch, conversationId, kind, atMs, 0, data);
		}
	});
	let rows = 0;
	const started = performance.now();
	for (let round = 0; round < rounds; round++) {
		encoded.forEach((batch, index) => {
			insertBatch(batch, round * encoded.length + index);
			rows += batch.length;
		});
	}

	const insertSeconds = (performance.now() - started) / 1000;
	db.close();
	fs.rmSync(directory, {recursive: true, force: true});
	return {records, decodeSeconds, insertSeconds, rows, recordsPerSecond: records / (decodeSeconds + insertSeconds)};
}
