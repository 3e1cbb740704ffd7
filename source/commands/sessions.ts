import fs from 'node:fs';
import {resolveConfig} from '../config.js';
import {formatFittedTable, outputWidth, type ColumnSpec} from '../format/fit-table.js';
import {formatCount, formatDuration, formatUsd} from '../format/format-number.js';
import {formatAge} from '../format/format-age.js';
import {shortPath} from '../format/short-path.js';
import type {SessionSummary} from '../model/session-summary.js';
import {costOfUsageByModel} from '../model/session-cost.js';
import {shortConversationId} from '../model/selectors.js';
import {sessionStatus} from '../model/session-status.js';
import {openDatabase} from '../store/database.js';
import {createSessionIndex} from '../store/session-index.js';
import type {Command} from './command.js';
import {jsonTerminalSafe, terminalSafe} from '../format/terminal-safe.js';

export const sessionsCommand: Command = {
	name: 'sessions',
	summary: 'List recorded sessions, newest first',
	arguments: {most: 0, usage: 'codexmon sessions [options]'},
	help: `
	Usage
	  $ codexmon sessions [--json] [--all] [--compact] [--db FILE]

	Lists the Codex sessions in the database, newest first. Sub-agents show
	their parent; the interactive TUI's hidden title threads are left out
	unless --all is given. The table fits the terminal: compact columns under
	100 columns, every column whole when the output is a pipe or a file
	(COLUMNS sets a width there).

	Options
	  --json  Print a JSON array (conversationId, kind, parentConversationId, model, cwd,
	          startedAt, lastSeenAt, status, turns, modelRequests, tokens, costUsd, alerts, …)
	  --all   Include title-generation threads
	  --compact  Compact columns whatever the width
	  --db    Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)
	  --prices  Price overrides (TOML or JSON, USD per million tokens)

	Examples
	  $ codexmon sessions
	  $ codexmon sessions --json | jq '.[0].conversationId'
`,
	flags: {
		json: {type: 'boolean'},
		all: {type: 'boolean'},
		db: {type: 'string'},
		prices: {type: 'string'},
		config: {type: 'string'},
		compact: {type: 'boolean'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const width = outputWidth();
		if (!fs.existsSync(config.dbPath)) {
			process.stdout.write(flags.json ? '[]\n' : `No sessions recorded yet (no database at ${config.dbPath}).\n`);
			return 0;
		}

		const db = openDatabase(config.dbPath, {readonly: true});
		try {
			const now = Date.now();
			// Priced again on every listing, so a changed price table applies to old sessions too.
			const summaries = createSessionIndex(db).list({includeTitles: Boolean(flags.all)})
				.map(summary => ({...summary, costUsd: summary.usageByModel ? costOfUsageByModel(summary.usageByModel, config.prices) : null}));
			if (flags.json) {
				const rows = summaries.map(summary => ({...summary, cwd: summary.cwd ?? null, status: sessionStatus(summary, now)}));
				process.stdout.write(`${jsonTerminalSafe(JSON.stringify(rows, undefined, 2))}\n`);
				return 0;
			}

			if (summaries.length === 0) {
				process.stdout.write('No sessions recorded yet.\n');
				return 0;
			}

			const compact = Boolean(flags.compact) || (width !== undefined && width < COMPACT_BELOW);
			process.stdout.write(formatFittedTable(compact ? COMPACT_COLUMNS : FULL_COLUMNS, [(compact ? COMPACT_COLUMNS : FULL_COLUMNS).map(column => column.title), ...summaries.map(summary => sessionRow(summary, now, compact))], width, compact ? 1 : 2));
			return 0;
		} finally {
			db.close();
		}
	},
};

/** Under this many columns the tables are compact, as ccusage's are. */
export const COMPACT_BELOW = 100;

const FULL_COLUMNS: ColumnSpec[] = [
	{title: 'ID'},
	{title: 'KIND', drop: 3},
	{title: 'ENTRY', drop: 2},
	{title: 'STATUS'},
	{title: 'STARTED'},
	{title: 'DURATION', alignRight: true},
	{title: 'DIRECTORY', cut: {min: 20, from: 'path'}},
	{title: 'MODEL', drop: 4},
	{title: 'TURNS', alignRight: true, drop: 6},
	{title: 'REQS', alignRight: true, drop: 1},
	{title: 'TOOLS', alignRight: true, drop: 1},
	{title: 'TOKENS', alignRight: true},
	{title: 'COST', alignRight: true},
	{title: 'ALERTS', alignRight: true},
	{title: 'PROMPT', cut: {min: 16, from: 'right'}, drop: 5},
];

const COMPACT_COLUMNS: ColumnSpec[] = [
	{title: 'ID'},
	{title: 'STATUS'},
	{title: 'STARTED'},
	{title: 'DUR', alignRight: true},
	{title: 'DIR', cut: {min: 8, from: 'path'}},
	{title: 'TOKENS', alignRight: true},
	{title: 'COST', alignRight: true},
	{title: '⚠', alignRight: true},
	{title: 'PROMPT', cut: {min: 12, from: 'right'}, drop: 1},
];

function sessionRow(summary: SessionSummary, nowMs: number, compact: boolean): string[] {
	const id = shortConversationId(summary.conversationId);
	const status = sessionStatus(summary, nowMs);
	const duration = formatDuration(Date.parse(summary.endedAt ?? summary.lastSeenAt) - Date.parse(summary.startedAt));
	const directory = summary.cwd ? shortPath(summary.cwd) : '-';
	const prompt = summary.firstPrompt.replaceAll(/\s+/g, ' ');
	if (compact) {
		return [summary.kind === 'subagent' ? `└${id}` : id, status, formatAge(nowMs - Date.parse(summary.startedAt)), duration, directory, formatCount(summary.tokens.total), formatUsd(summary.costUsd), summary.alerts > 0 ? String(summary.alerts) : '', prompt];
	}

	return [
		id,
		summary.kind === 'subagent' ? `sub:${shortConversationId(summary.parentConversationId ?? '')}` : summary.kind,
		summary.entry,
		status,
		summary.startedAt.slice(0, 19).replace('T', ' '),
		duration,
		directory,
		summary.model,
		String(summary.turns),
		String(summary.modelRequests),
		String(summary.toolCalls),
		formatCount(summary.tokens.total),
		formatUsd(summary.costUsd),
		String(summary.alerts),
		prompt,
	];
}

/** A table of text from telemetry (ids, models, prompts): control characters in their visible form. */
export function formatTable(unsafeRows: string[][]): string {
	const rows = unsafeRows.map(row => row.map(cell => terminalSafe(cell)));
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}
