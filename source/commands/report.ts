import fs from 'node:fs';
import {resolveConfig} from '../config.js';
import {formatCount} from '../format/format-number.js';
import {parseSince} from '../format/parse-since.js';
import {buildSpendReport, GROUP_BYS, sessionsInPeriod, totalRow, type GroupBy, type ReportRow} from '../model/spend-report.js';
import {openDatabase} from '../store/database.js';
import {createSessionIndex} from '../store/session-index.js';
import {UsageError, type Command} from './command.js';
import {formatTable} from './sessions.js';
import {jsonTerminalSafe, terminalSafe} from '../format/terminal-safe.js';

export const reportCommand: Command = {
	name: 'report',
	summary: 'Sessions, turns, tokens and cost per team, project, model, env or day',
	help: `
	Usage
	  $ codexmon report [--since 7d] [--group-by model] [--json | --csv] [--db FILE]

	Sums what was spent in the period, per group: each model request counts on
	the day (and hour) it was made, so a session resumed days later spends on
	those days; --group-by day lists days in order. Input includes cached input
	(as Codex counts it); NON-CACHED is input - cached (ccusage's "input"). Cost is
	(input - cached) x input price + cached x cached price + output x output
	price, per model; reasoning is part of output and not billed again. A model
	without a known price makes its group's cost "unknown", never $0. Title
	threads count: they are tokens Codex spent.

	Groups come from the resource attributes Codex sends: team and project from
	OTEL_RESOURCE_ATTRIBUTES (e.g. OTEL_RESOURCE_ATTRIBUTES=team=platform,project=api
	in Codex's environment), env from [otel] environment, service (codex_exec,
	codex-app-server), host.

	Options
	  --since     7d, 24h, 2w, or a date like 2026-11-01 (default 7d)
	  --group-by  ${GROUP_BYS.join(' | ')} (default model)
	  --json      Print JSON
	  --csv       Print CSV
	  --prices    Price overrides (TOML or JSON, USD per million tokens)
	  --db        Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)

	Examples
	  $ codexmon report
	  $ codexmon report --since 30d --group-by team --csv > spend.csv
`,
	flags: {
		since: {type: 'string'},
		groupBy: {type: 'string', choices: [...GROUP_BYS]},
		json: {type: 'boolean'},
		csv: {type: 'boolean'},
		prices: {type: 'string'},
		config: {type: 'string'},
		db: {type: 'string'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const now = Date.now();
		const sinceText = typeof flags.since === 'string' ? flags.since : '7d';
		const sinceMs = parseSince(sinceText, now);
		if (sinceMs === undefined) {
			throw new UsageError(`--since must be like 7d, 24h, 2w or a date (2026-11-01), got "${sinceText}"`);
		}

		if (flags.json && flags.csv) {
			throw new UsageError('choose one of --json and --csv');
		}

		const groupBy = (flags.groupBy ?? 'model') as GroupBy;
		const summaries = fs.existsSync(config.dbPath) ? readSummaries(config.dbPath, sinceMs) : [];
		const rows = buildSpendReport(summaries, groupBy, config.prices, sinceMs);
		const total = totalRow(rows, sessionsInPeriod(summaries, sinceMs));
		const withNonCached = (row: ReportRow) => ({...row, nonCachedInputTokens: row.tokens.input - Math.min(row.tokens.cached, row.tokens.input)});
		if (flags.json) {
			process.stdout.write(`${jsonTerminalSafe(JSON.stringify({since: new Date(sinceMs).toISOString(), groupBy, pricesCheckedOn: config.prices.checkedOn, groups: rows.map(withNonCached), total: withNonCached(total)}, undefined, 2))}\n`);
		} else if (flags.csv) {
			process.stdout.write(terminalSafe(toCsv(groupBy, [...rows, total])));
		} else if (total.sessions === 0) {
			process.stdout.write(`No sessions since ${new Date(sinceMs).toISOString().slice(0, 16).replace('T', ' ')}.\n`);
		} else {
			process.stdout.write(terminalSafe(toTable(groupBy, rows, total, config.prices.checkedOn)));
		}

		return 0;
	},
};

function readSummaries(dbPath: string, sinceMs: number) {
	const db = openDatabase(dbPath, {readonly: true});
	try {
		// A session last seen before the period spent nothing in it; the rest are cut to the period request by request.
		return createSessionIndex(db).list({includeTitles: true}).filter(summary => Date.parse(summary.lastSeenAt) >= sinceMs - 3_600_000);
	} finally {
		db.close();
	}
}

function toTable(groupBy: GroupBy, rows: ReportRow[], total: ReportRow, checkedOn: string): string {
	const lines = [[groupBy.toUpperCase(), 'SESSIONS', 'TURNS', 'REQUESTS', 'INPUT', 'CACHED', 'NON-CACHED', 'OUTPUT', 'REASONING', 'TOTAL', 'COST']];
	// One precision for the whole column, so the rows line up and add up to the total as printed.
	const costs = [...rows, total].map(row => row.costUsd).filter((cost): cost is number => cost !== null && cost > 0);
	const digits = costs.some(cost => cost < 1) ? 4 : 2;
	const cost = (value: number | null) => value === null ? 'unknown' : `$${value.toFixed(digits)}`;
	for (const row of [...rows, total]) {
		lines.push([row.key, String(row.sessions), String(row.turns), String(row.modelRequests), formatCount(row.tokens.input), formatCount(row.tokens.cached), formatCount(row.tokens.input - Math.min(row.tokens.cached, row.tokens.input)), formatCount(row.tokens.output), formatCount(row.tokens.reasoning), formatCount(row.tokens.total), cost(row.costUsd)]);
	}

	return `${formatTable(lines)}Input includes cached; non-cached = input - cached. Prices checked ${checkedOn}; override with --prices.\n`;
}

function toCsv(groupBy: GroupBy, rows: ReportRow[]): string {
	const quote = (text: string) => /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
	const lines = [[groupBy, 'sessions', 'turns', 'model_requests', 'input_tokens', 'cached_tokens', 'non_cached_input_tokens', 'output_tokens', 'reasoning_tokens', 'total_tokens', 'cost_usd'].join(',')];
	for (const row of rows) {
		lines.push([quote(row.key), row.sessions, row.turns, row.modelRequests, row.tokens.input, row.tokens.cached, row.tokens.input - Math.min(row.tokens.cached, row.tokens.input), row.tokens.output, row.tokens.reasoning, row.tokens.total, row.costUsd === null ? '' : row.costUsd.toFixed(6)].join(','));
	}

	return `${lines.join('\n')}\n`;
}
