import fs from 'node:fs';
import {resolveConfig} from '../config.js';
import {formatCount, formatUsd} from '../format/format-number.js';
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
	  $ codexmon sessions [--json] [--all] [--db FILE]

	Lists the Codex sessions in the database, newest first. Sub-agents show
	their parent; the interactive TUI's hidden title threads are left out
	unless --all is given.

	Options
	  --json  Print a JSON array (conversationId, kind, parentConversationId, model,
	          startedAt, lastSeenAt, status, turns, modelRequests, tokens, costUsd, alerts, …)
	  --all   Include title-generation threads
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
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
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
				const rows = summaries.map(summary => ({...summary, status: sessionStatus(summary, now)}));
				process.stdout.write(`${jsonTerminalSafe(JSON.stringify(rows, undefined, 2))}\n`);
				return 0;
			}

			if (summaries.length === 0) {
				process.stdout.write('No sessions recorded yet.\n');
				return 0;
			}

			const lines = [['ID', 'KIND', 'ENTRY', 'STATUS', 'STARTED', 'MODEL', 'TURNS', 'REQS', 'TOOLS', 'TOKENS', 'COST', 'ALERTS', 'PROMPT']];
			for (const summary of summaries) {
				lines.push([
					shortConversationId(summary.conversationId),
					summary.kind === 'subagent' ? `sub:${shortConversationId(summary.parentConversationId ?? '')}` : summary.kind,
					summary.entry,
					sessionStatus(summary, now),
					summary.startedAt.slice(0, 19).replace('T', ' '),
					summary.model,
					String(summary.turns),
					String(summary.modelRequests),
					String(summary.toolCalls),
					formatCount(summary.tokens.total),
					formatUsd(summary.costUsd),
					String(summary.alerts),
					summary.firstPrompt.replaceAll(/\s+/g, ' ').slice(0, 40),
				]);
			}

			process.stdout.write(formatTable(lines));
			return 0;
		} finally {
			db.close();
		}
	},
};

/** A table of text from telemetry (ids, models, prompts): control characters in their visible form. */
export function formatTable(unsafeRows: string[][]): string {
	const rows = unsafeRows.map(row => row.map(cell => terminalSafe(cell)));
	const widths = rows[0]!.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	return rows.map(row => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n') + '\n';
}
