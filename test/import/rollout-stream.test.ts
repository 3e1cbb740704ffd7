import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {afterAll, describe, expect, test, vi} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createSessionHub} from '../../source/hub/session-hub.js';
import {buildSessionDocument} from '../../source/model/session-document.js';
import {createEngine} from '../../source/app/create-engine.js';
import {createIngest} from '../../source/app/ingest.js';
import {loadSession} from '../../source/app/load-session.js';
import {findRollouts, rolloutDirectories} from '../../source/importer/find-rollouts.js';
import {importRollouts} from '../../source/app/import-rollouts.js';
import {isIgnorableLine, summarizeLine} from '../../source/model/rollout-line-filter.js';
import {readLines} from '../../source/importer/read-lines.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {watchSessions} from '../../source/app/watch-sessions.js';
import {openDatabase} from '../../source/store/database.js';
import {runCli} from '../helpers/cli.js';
import {loadRollouts, loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';

const directories: string[] = [];
afterAll(() => {
	for (const directory of directories) {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

function scratch(): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-stream-'));
	directories.push(directory);
	return directory;
}

function linesOf(file: string, options: {fromByte?: number; partialLast?: boolean} = {}): {lines: string[]; bytes: number} {
	const lines: string[] = [];
	const {bytes} = readLines(file, (buffer, start, end) => lines.push(buffer.toString('utf8', start, end)), options);
	return {lines, bytes};
}

const config = resolveConfig({config: '/dev/null'});

describe('reading a rollout line by line', () => {
	test('lines that cross the read chunks come out whole, and a partial last line waits', () => {
		const [rollout] = loadRollouts('tui-session');
		const lines = rollout!.text.trim().split('\n');
		// About 3 MiB: lines cross the 1 MiB chunk boundaries at arbitrary bytes.
		const many = Array.from({length: 40}, () => lines).flat();
		const file = path.join(scratch(), 'rollout-big.jsonl');
		fs.writeFileSync(file, `${many.join('\n')}\n${lines[0]!.slice(0, 50)}`);
		expect(fs.statSync(file).size).toBeGreaterThan(3 << 20);
		const whole = linesOf(file, {partialLast: false});
		expect(whole.lines).toEqual(many);
		expect(whole.bytes).toBe(Buffer.byteLength(`${many.join('\n')}\n`));
		expect(linesOf(file).lines.at(-1)).toBe(lines[0]!.slice(0, 50));
		const later = linesOf(file, {fromByte: whole.bytes});
		expect(later.lines).toEqual([lines[0]!.slice(0, 50)]);
	});

	test('the lines it drops unparsed are only ones the converter would drop', () => {
		for (const name of ['tui-session', 'exec-subagent', 'exec-compaction', 'exec-mcp-tool', 'tui-interrupt'] as const) {
			const set = name === 'exec-compaction' || name === 'exec-mcp-tool' || name === 'tui-interrupt' ? 'codex-0.171.0' : 'codex-0.169.0';
			for (const {text} of loadRolloutsFrom(set, name)) {
				const lines = text.trim().split('\n');
				const kept = lines.filter(line => {
					const bytes = Buffer.from(line);
					return !isIgnorableLine(bytes, 0, bytes.length);
				});
				expect(kept.length).toBeLessThan(lines.length);
				const all = rolloutToEvents(lines);
				const filtered = rolloutToEvents(kept);
				expect(filtered.events).toEqual(all.events);
				expect(filtered.turns).toEqual(all.turns);
				expect(filtered.skipped).toEqual(all.skipped);
			}
		}
	});

	test('a compaction record is read from its head alone: the same events, and visited once when its end arrives later', () => {
		const [rollout] = loadRolloutsFrom('codex-0.171.0', 'exec-compaction');
		const lines = rollout!.text.trim().split('\n');
		const compacted = lines.filter(line => line.includes('"type":"compacted"'));
		expect(compacted.length).toBeGreaterThan(0);
		const summarized = lines.map(line => {
			const bytes = Buffer.from(line);
			return summarizeLine(bytes, 0, bytes.length)?.toString('latin1') ?? line;
		});
		expect(summarized.filter(line => line.includes('replacement_history'))).toEqual([]);
		const all = rolloutToEvents(lines);
		expect(all.events.filter(({event}) => event.kind === 'compaction')).toHaveLength(compacted.length);
		expect(rolloutToEvents(summarized).events).toEqual(all.events);

		// The file ends inside a compaction record Codex is still writing: the next poll reads it from its start.
		const index = lines.indexOf(compacted[0]!);
		const file = path.join(scratch(), 'rollout-compacting.jsonl');
		const before = `${lines.slice(0, index).join('\n')}\n`;
		fs.writeFileSync(file, `${before}${compacted[0]!.slice(0, 4000)}`);
		const seen: string[] = [];
		const visit = (buffer: Buffer, start: number, end: number) => seen.push(buffer.toString('utf8', start, end));
		const first = readLines(file, visit, {partialLast: false, summarize: summarizeLine});
		expect(first.bytes).toBe(Buffer.byteLength(before));
		expect(seen.filter(line => line.includes('"compacted"'))).toEqual([]);
		fs.appendFileSync(file, `${compacted[0]!.slice(4000)}\n`);
		readLines(file, visit, {fromByte: first.bytes, partialLast: false, summarize: summarizeLine});
		expect(seen.filter(line => line.includes('"compacted"'))).toHaveLength(1);
		expect(seen.at(-1)).toBe(summarized[index]);
	});

	test('a rollout that exists but cannot be read is named and the import exits 1', () => {
		const directory = scratch();
		const home = path.join(directory, 'codex');
		writeCodexHome(home, loadRollouts('exec-simple'));
		const broken = path.join(home, 'sessions', '2026', '11', '25', 'rollout-2026-11-25T02-00-00-broken.jsonl.gz');
		fs.writeFileSync(broken, zlib.gzipSync('{"a":1}\n').subarray(0, 12));
		const result = runCli(['import', '--codex-home', home, '--db', path.join(directory, 'codexmon.db')]);
		expect(result.status).toBe(1);
		expect(result.stdout).toContain('Imported 1 session');
		expect(result.stderr).toContain(`cannot read ${broken}`);
	});
});

describe('--watch-sessions', () => {
	test('reads only what was appended, waits for a partial line, and reads a replaced file again', async () => {
		const directory = scratch();
		const home = path.join(directory, 'codex');
		const today = new Date();
		const day = `${today.getFullYear()}/${String(today.getMonth() + 1).padStart(2, '0')}/${String(today.getDate()).padStart(2, '0')}`;
		const [rollout] = loadRollouts('exec-loop');
		const text = rollout!.text;
		const [file] = writeCodexHome(home, [{file: rollout!.file, text: text.slice(0, Math.floor(text.length / 2))}], day);

		const expected = (() => {
			const other = path.join(directory, 'expected');
			writeCodexHome(other, [rollout!]);
			const db = openDatabase(path.join(directory, 'expected.db'));
			importRollouts(db, findRollouts(rolloutDirectories(other)), {createEngine: () => createEngine(config), prices: config.prices});
			const id = rolloutToEvents(text.split('\n')).conversationId!;
			const document = buildSessionDocument(loadSession(db, id, createEngine(config))!, config.prices);
			db.close();
			return {id, document};
		})();

		const db = openDatabase(path.join(directory, 'codexmon.db'));
		const hub = createSessionHub({createEngine: () => createEngine(config)});
		const ingest = createIngest(db, hub, {prices: config.prices});
		const watcher = watchSessions(db, hub, ingest, resolveConfig({config: '/dev/null', codexHome: home}));
		try {
			const stored = () => loadSession(db, expected.id, createEngine(config));
			await vi.waitFor(() => expect(stored(), hub.stats.lastError ?? '').toBeDefined(), {timeout: 10_000});
			const half = buildSessionDocument(stored()!, config.prices);
			expect(half.tokens.total).toBeLessThan(expected.document.tokens.total);

			// What was read is not read again: a line already read, spoiled in place, changes nothing.
			const firstLineEnd = text.indexOf('\n');
			const handle = fs.openSync(file!, 'r+');
			fs.writeSync(handle, Buffer.from('#'.repeat(10)), 0, 10, firstLineEnd - 10);
			fs.closeSync(handle);
			fs.appendFileSync(file!, text.slice(Math.floor(text.length / 2)));
			await vi.waitFor(() => expect(buildSessionDocument(stored()!, config.prices).tokens).toEqual(expected.document.tokens), {timeout: 10_000});
			const grown = buildSessionDocument(stored()!, config.prices);
			expect(grown.modelRequests).toBe(expected.document.modelRequests);
			expect(grown.turns.map(turn => turn.tokens)).toEqual(expected.document.turns.map(turn => turn.tokens));
			expect(grown.toolCalls).toHaveLength(expected.document.toolCalls.length);

			// Replaced by a shorter file (another inode): read again from its start.
			const lines = text.trim().split('\n');
			const firstRequest = lines.findIndex(line => line.includes('"token_usage_record"'));
			fs.rmSync(file!);
			fs.writeFileSync(file!, `${lines.slice(0, firstRequest + 1).join('\n')}\n`);
			await vi.waitFor(() => expect(buildSessionDocument(stored()!, config.prices).modelRequests).toBe(1), {timeout: 10_000});
		} finally {
			watcher.stop();
			db.close();
		}
	});
});
