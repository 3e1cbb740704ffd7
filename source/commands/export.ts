import {resolveConfig} from '../config.js';
import {eventToOtlp} from '../export/event-to-otlp.js';
import {createOtlpJsonWriter} from '../export/otlp-json-writer.js';
import {openOutputSink, type OutputSink} from '../export/output-sink.js';
import {buildSessionDocument, toIso} from '../model/session-document.js';
import {createEngine} from '../app/create-engine.js';
import {loadSession} from '../app/load-session.js';
import type {Db} from '../store/database.js';
import {createEventLog} from '../store/event-log.js';
import {openSession, requireDatabase} from './open-session.js';
import {createSessionIndex} from '../store/session-index.js';
import {UsageError, type Command} from './command.js';
import {jsonTerminalSafe} from '../format/terminal-safe.js';
import {isDatabaseFile} from '../store/database-file.js';

const FORMATS = ['json', 'otlp-json'] as const;

export const exportCommand: Command = {
	name: 'export',
	summary: 'Export a session as JSON, or as OTLP/JSON that replays it into any receiver',
	arguments: {most: 1, usage: 'codexmon export <conversation-id>'},
	help: `
	Usage
	  $ codexmon export <conversation-id or unique prefix> [--format json|otlp-json] [--output FILE] [--db FILE]

	Formats
	  json       The \`show --json\` document plus the full event timeline (events, in
	             arrival order, with the time each arrived).
	  otlp-json  OTLP/JSON export requests, one per line (the OpenTelemetry Collector
	             file exporter's format). Posting each line to a fresh codexmon
	             (/v1/logs or /v1/traces by its top-level key) reproduces the session.

	Large sessions are streamed: events are written as they are read.

	Options
	  --format  json (default) or otlp-json
	  --output  Write to FILE instead of standard output
	  --db      Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)

	Examples
	  $ codexmon export 8886e1714e3d > session.json
	  $ codexmon export 8886e1714e3d --format otlp-json --output session.otlp.jsonl
`,
	flags: {
		format: {type: 'string', choices: [...FORMATS]},
		output: {type: 'string'},
		db: {type: 'string'},
		prices: {type: 'string'},
		config: {type: 'string'},
		loopThreshold: {type: 'number'},
		budgetTokens: {type: 'number'},
		budgetUsd: {type: 'number'},
	},
	async run(input, flags) {
		const config = resolveConfig(flags);
		const query = input[0];
		if (!query) {
			throw new UsageError('export needs a conversation id: codexmon export <conversation-id> (list them with `codexmon sessions`)');
		}

		requireDatabase(config.dbPath, query);

		const output = typeof flags.output === 'string' ? flags.output : undefined;
		if (output !== undefined && isDatabaseFile(output, config.dbPath)) {
			throw new UsageError(`--output ${output} is the database itself (or one of its files); writing there would destroy it, choose another file`);
		}

		const {db, conversationId} = openSession(config.dbPath, query, {readonly: true});
		try {
			const sink = openOutputSink(output);
			try {
				await (flags.format === 'otlp-json' ? exportOtlpJson(db, conversationId, sink) : exportJson(db, conversationId, sink, config));
			} finally {
				await sink.close();
			}

			return 0;
		} finally {
			db.close();
		}
	},
};

async function exportJson(db: Db, conversationId: string, sink: OutputSink, config: ReturnType<typeof resolveConfig>): Promise<void> {
	const session = loadSession(db, conversationId, createEngine(config));
	if (!session) {
		throw new UsageError(`session ${conversationId} has no recorded events`);
	}

	const head = jsonTerminalSafe(JSON.stringify(buildSessionDocument(session, config.prices, Date.now())));
	await sink.write(`${head.slice(0, -1)},"events":[`);
	let first = true;
	for (const stored of createEventLog(db).readConversation(conversationId)) {
		await sink.write(`${first ? '\n' : ',\n'}${jsonTerminalSafe(JSON.stringify({seq: stored.seq, receivedAt: toIso(stored.receivedMs), ...stored.event}))}`);
		first = false;
	}

	await sink.write('\n]}\n');
}

async function exportOtlpJson(db: Db, conversationId: string, sink: OutputSink): Promise<void> {
	const serviceName = createSessionIndex(db).get(conversationId)?.serviceName ?? '';
	const lines: string[] = [];
	const writer = createOtlpJsonWriter(line => lines.push(line));
	for (const stored of createEventLog(db).readConversation(conversationId)) {
		writer.add(eventToOtlp(stored.event, serviceName, stored.seq));
		while (lines.length > 0) {
			await sink.write(jsonTerminalSafe(lines.shift()!));
		}
	}

	writer.end();
	for (const line of lines) {
		await sink.write(jsonTerminalSafe(line));
	}
}
