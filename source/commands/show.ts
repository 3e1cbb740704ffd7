import {openSession} from './open-session.js';
import {resolveConfig} from '../config.js';
import {formatCount, formatDuration, formatUsd} from '../format/format-number.js';
import {buildSessionDocument, type SessionDocument} from '../model/session-document.js';
import {createEngine} from '../app/create-engine.js';
import {loadSession} from '../app/load-session.js';
import {UsageError, type Command} from './command.js';
import {formatFittedTable, outputWidth, type ColumnSpec} from '../format/fit-table.js';
import {shortPath} from '../format/short-path.js';
import {jsonTerminalSafe, terminalSafe} from '../format/terminal-safe.js';

export const showCommand: Command = {
	name: 'show',
	summary: 'Show one session: turns, tokens, tool calls and decisions',
	arguments: {most: 1, usage: 'codexmon show <conversation-id>'},
	help: `
	Usage
	  $ codexmon show <conversation-id or unique prefix> [--json] [--db FILE]

	Rebuilds the session from its recorded events and prints a summary:
	its turns with model requests and tokens (input / cached / output /
	reasoning), every tool call with its decision and who decided, and alerts.

	Options
	  --json  Print one JSON document (conversationId, kind, parentConversationId,
	          cwd, model, startedAt, lastSeenAt, modelRequests, tokens, turns,
	          toolCalls, decisions, alerts)
	  --db    Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)
	  --prices  Price overrides (TOML or JSON, USD per million tokens)

	Examples
	  $ codexmon show 01a21093-d0bf-7f21-82ef-8886e1714e3d
	  $ codexmon show 8886e1714e3d --json
`,
	flags: {
		json: {type: 'boolean'},
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
			throw new UsageError('show needs a conversation id: codexmon show <conversation-id> (list them with `codexmon sessions`)');
		}

		const {db, conversationId} = openSession(config.dbPath, query, {readonly: true});
		try {
			const session = loadSession(db, conversationId, createEngine(config));
			if (!session) {
				throw new UsageError(`session ${conversationId} has no recorded events`);
			}

			const document = buildSessionDocument(session, config.prices, Date.now());
			process.stdout.write(flags.json ? `${jsonTerminalSafe(JSON.stringify(document, undefined, 2))}\n` : terminalSafe(formatDocument(document, outputWidth())));
			return 0;
		} finally {
			db.close();
		}
	},
};

function transportLabel(document: SessionDocument): string {
	const refused = document.connectionFailures.map(failure => failure.error ?? `status ${failure.status ?? '?'}`);
	const name = {http: 'http', websocket: 'ws (Responses WebSocket)', mixed: 'ws, fell back to http', none: '?'}[document.transport ?? 'none'];
	return refused.length > 0 ? `${name}; WebSocket refused: ${refused.join(', ')}` : name;
}

/** The median time to first token over the requests that reported one. */
function firstTokenLabel(document: SessionDocument): string {
	const values = document.turns.flatMap(turn => turn.requests.map(request => request.ttftMs)).filter((value): value is number => value !== null && value > 0).sort((a, b) => a - b);
	return values.length > 0 ? `, first token ${formatDuration(values[Math.floor(values.length / 2)]!)} median` : '';
}

const TURN_COLUMNS: ColumnSpec[] = [
	{title: '#', alignRight: true},
	{title: 'STARTED', drop: 3},
	{title: 'DURATION', alignRight: true},
	{title: 'REQS', alignRight: true, drop: 2},
	{title: 'TOOLS', alignRight: true, drop: 4},
	{title: 'INPUT', alignRight: true},
	{title: 'CACHED', alignRight: true, drop: 1},
	{title: 'OUTPUT', alignRight: true},
	{title: 'REASONING', alignRight: true, drop: 1},
	{title: 'COST', alignRight: true},
	{title: 'PROMPT', cut: {min: 8, from: 'right'}},
];

const CALL_COLUMNS: ColumnSpec[] = [
	{title: 'TURN', alignRight: true},
	{title: 'TOOL', cut: {min: 12, from: 'right'}},
	{title: 'DECISION'},
	{title: 'BY', drop: 1},
	{title: 'RESULT'},
	{title: 'DURATION', alignRight: true, drop: 2},
	{title: 'ARGUMENTS', cut: {min: 10, from: 'right'}},
];

/** The session as text, its tables fitted to `width` (undefined: a pipe or a file, every column whole). */
function formatDocument(document: SessionDocument, width: number | undefined): string {
	const tokens = (usage: SessionDocument['tokens']) => `${formatCount(usage.input)} in (${formatCount(usage.cached)} cached) / ${formatCount(usage.output)} out (${formatCount(usage.reasoning)} reasoning)`;
	const lines = [
		`Session ${document.conversationId} (${document.kind}${document.parentConversationId ? ` of ${document.parentConversationId}` : ''}, ${document.entry})`,
		`  model ${document.model || '?'}  provider ${document.provider || '?'}  approval ${document.approvalPolicy || '?'}  sandbox ${document.sandboxPolicy || '?'}`,
		`  directory ${document.cwd ? shortPath(document.cwd) : '?'}`,
		`  started ${document.startedAt}  last seen ${document.lastSeenAt}${document.endedAt ? `  ended ${document.endedAt}` : ''}`,
		`  ${document.turns.length} turns, ${document.modelRequests} model requests${document.failedAttempts > 0 ? ` (${document.failedAttempts} failed attempts retried or final)` : ''}, ${document.toolCalls.length} tool calls`,
		`  transport ${transportLabel(document)}${document.warmups > 0 ? `, ${document.warmups} warm-up${document.warmups === 1 ? '' : 's'} (not counted)` : ''}${firstTokenLabel(document)}`,
		`  tokens ${tokens(document.tokens)}, ${formatCount(document.tokens.total)} total, cost ${formatUsd(document.costUsd)}${document.pricing.unpricedModels.length > 0 ? ` (no price for ${document.pricing.unpricedModels.join(', ')})` : ''}`,
		`  decisions ${Object.entries(document.decisions).filter(([, count]) => count > 0).map(([decision, count]) => `${decision} ${count}`).join(', ') || 'none'}`,
		'',
		'Turns',
	];
	const turnRows = [['#', 'STARTED', 'DURATION', 'REQS', 'TOOLS', 'INPUT', 'CACHED', 'OUTPUT', 'REASONING', 'COST', 'PROMPT']];
	for (const turn of document.turns) {
		const cost = `${formatUsd(turn.costUsd)}${turn.costDisagreement ? ` (codex ${formatUsd(turn.codexCostUsd)}!)` : ''}`;
		turnRows.push([String(turn.index), turn.startedAt.slice(11, 19), formatDuration(turn.durationMs), String(turn.modelRequests), String(turn.toolCalls), formatCount(turn.tokens.input), formatCount(turn.tokens.cached), formatCount(turn.tokens.output), formatCount(turn.tokens.reasoning), cost, turn.prompt.replaceAll(/\s+/g, ' ').slice(0, 48)]);
	}

	lines.push(formatFittedTable(TURN_COLUMNS, turnRows, width));
	if (document.toolCalls.length > 0) {
		lines.push('Tool calls');
		const callRows = [['TURN', 'TOOL', 'DECISION', 'BY', 'RESULT', 'DURATION', 'ARGUMENTS']];
		for (const call of document.toolCalls) {
			callRows.push([String(call.turnIndex), call.tool, call.decision ?? '-', call.decisionSource ?? '-', callResult(call), call.durationMs === null ? '-' : formatDuration(call.durationMs), call.arguments.replaceAll(/\s+/g, ' ').slice(0, 60)]);
		}

		lines.push(formatFittedTable(CALL_COLUMNS, callRows, width));
	}

	if (document.alerts.length > 0) {
		lines.push('Alerts');
		for (const alert of document.alerts) {
			lines.push(`  [${alert.severity}] ${alert.kind}${alert.pattern ? `/${alert.pattern}` : ''}${alert.metric ? `/${alert.metric}` : ''} at ${alert.at}: ${alert.message}`);
		}
	}

	// The tables are fitted; the lines of prose wrap at a space, their continuation indented.
	return lines.flatMap(line => line.includes('\n') || width === undefined ? [line] : wrapLine(line, width)).join('\n') + '\n';
}

function wrapLine(line: string, width: number): string[] {
	const indent = `${/^ */.exec(line)![0]}    `;
	const wrapped: string[] = [];
	let rest = line;
	while (rest.length > width) {
		const cut = rest.lastIndexOf(' ', width);
		const at = cut > indent.length ? cut : width;
		wrapped.push(rest.slice(0, at).trimEnd());
		rest = `${indent}${rest.slice(at).trimStart()}`;
	}

	wrapped.push(rest);
	return wrapped;
}

/** ok, or ✖ with the exit code (a command that exited 2 is a failure, whatever Codex's `success` said). */
function callResult(call: {success: boolean | null; exitCode: number | null; aborted: boolean}): string {
	if (call.success === null) {
		return call.aborted ? 'abort' : '-';
	}

	if (call.exitCode !== null && call.exitCode !== 0) {
		return `✖ exit ${call.exitCode}`;
	}

	return call.success ? 'ok' : '✖ failed';
}
