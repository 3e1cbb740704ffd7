import {fitCell, fitColumns, type ColumnSpec} from '../format/fit-table.js';
import {formatAge} from '../format/format-age.js';
import {formatCount, formatDuration, formatUsd} from '../format/format-number.js';
import {shortPath} from '../format/short-path.js';
import {terminalSafe} from '../format/terminal-safe.js';
import {shortConversationId} from '../model/selectors.js';
import type {SessionStatus} from '../model/session-status.js';
import type {ListRow} from './session-list-rows.js';

export const STATUS_GLYPHS: Record<SessionStatus, string> = {live: '●', idle: '◌', ended: '○', failed: '✖', interrupted: '⊘', unfinished: '◔'};

/** What the glyphs mean, for a list too narrow for the words. */
export const STATUS_LEGEND = (Object.keys(STATUS_GLYPHS) as SessionStatus[]).map(status => `${STATUS_GLYPHS[status]} ${status}`).join(' ');

/** From this width on, the status column says its word beside the glyph; below it a legend explains the glyphs. */
export const STATUS_WORDS_FROM = 80;

const COLUMNS: ColumnSpec[] = [
	{title: ''},
	{title: 'ID'},
	{title: 'DIRECTORY', cut: {min: 14, from: 'path'}},
	{title: 'MODEL', drop: 2, cut: {min: 8, from: 'right'}},
	{title: 'RUN', drop: 1},
	{title: 'STARTED', alignRight: true},
	{title: 'TOOK', alignRight: true},
	{title: 'TURNS', alignRight: true, drop: 3},
	{title: 'TOKENS', alignRight: true},
	{title: 'COST', alignRight: true},
	{title: '⚠'},
	{title: 'PROMPT', cut: {min: 12, from: 'right'}, drop: 0},
];

/** The columns' text of each row: the header first, then one line per session. */
export type ListTable = {header: string; lines: string[]; statusWidth: number};

/**
 * The session list as fitted columns: the directory tells sessions apart (with redacted prompts the rest is ids and
 * one model), so it keeps its room longest; model, entry point, turns and prompt give way first.
 */
export function sessionListTable(rows: readonly ListRow[], width: number, nowMs: number): ListTable {
	const words = width >= STATUS_WORDS_FROM;
	const cells = rows.map(row => rowCells(row, nowMs, words));
	const titles = COLUMNS.map(column => column.title);
	const natural = COLUMNS.map((column, index) => Math.max(column.title.length, ...cells.map(cell => cell[index]!.length)));
	// The first column is the status; the prompt never needs all a row could give it.
	const widths = fitColumns(COLUMNS, natural, width - 1, 1);
	const line = (cell: string[]) => cell.flatMap((text, index) => widths[index]! > 0 ? [fitCell(text, widths[index]!, COLUMNS[index]!)] : []).join(' ');
	return {header: line(titles), lines: cells.map(cell => line(cell)), statusWidth: widths[0]!};
}

function rowCells(row: ListRow, nowMs: number, words: boolean): string[] {
	const {summary} = row;
	const startedMs = Date.parse(summary.startedAt);
	return [
		words ? `${STATUS_GLYPHS[row.status]} ${row.status}` : STATUS_GLYPHS[row.status],
		`${row.depth === 1 ? '└' : ''}${terminalSafe(shortConversationId(summary.conversationId))}`,
		summary.cwd ? terminalSafe(shortPath(summary.cwd)) : '-',
		terminalSafe(summary.model) || '?',
		row.depth === 1 ? 'sub' : (summary.entry === 'interactive' ? 'tui' : summary.entry),
		formatAge(nowMs - startedMs),
		formatDuration(Date.parse(summary.endedAt ?? summary.lastSeenAt) - startedMs),
		String(summary.turns),
		formatCount(summary.tokens.total),
		formatUsd(summary.costUsd),
		summary.alerts > 0 ? `⚠${summary.alerts}` : '',
		terminalSafe((summary.firstPrompt || '').replaceAll(/\s+/g, ' ')),
	];
}
