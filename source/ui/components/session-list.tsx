import {Box, Text} from 'ink';
import {formatCount, formatUsd} from '../../format/format-number.js';
import {terminalSafe} from '../../format/terminal-safe.js';
import {shortConversationId} from '../../model/selectors.js';
import {isColorEnabled, theme} from '../theme.js';
import type {ListRow} from '../session-list-rows.js';
import {fit} from './timeline.js';

type Props = {rows: readonly ListRow[]; cursor: number; width: number; height: number; filter: string; filtering: boolean};

const STATUS_GLYPHS = {live: '●', idle: '◌', ended: '○', failed: '✖', interrupted: '⊘', unfinished: '◔'} as const;

/** Live and recorded sessions, newest first, sub-agents under their parent. */
export function SessionList({rows, cursor, width, height, filter, filtering}: Props) {
	const bodyHeight = Math.max(1, height - 1);
	const selected = Math.min(cursor, Math.max(0, rows.length - 1));
	const start = Math.max(0, Math.min(selected - Math.floor(bodyHeight / 2), rows.length - bodyHeight));
	const wide = width >= 90;
	const header = filtering || filter ? `filter: ${filter}${filtering ? '▏' : ''}` : `sessions (${rows.length})`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" bold color={theme.accent}>{header}</Text>
			{rows.length === 0 && <Text color={theme.dim}>{filter ? 'No session matches.' : 'No sessions recorded yet.'}</Text>}
			{rows.slice(start, start + bodyHeight).map((row, index) => {
				const {summary} = row;
				const statusColor = row.status === 'live' ? theme.ok : (row.status === 'failed' ? theme.error : (row.status === 'interrupted' || row.status === 'unfinished' ? theme.warn : theme.dim));
				const id = `${row.depth === 1 ? ' └ ' : ''}${terminalSafe(shortConversationId(summary.conversationId))}`;
				const columns = [
					terminalSafe(summary.model).padEnd(wide ? 20 : 12).slice(0, wide ? 20 : 12),
					(row.depth === 1 ? 'sub' : (summary.entry === 'interactive' ? 'tui' : summary.entry)).padEnd(4),
					`${summary.turns}t`.padStart(4),
					formatCount(summary.tokens.total).padStart(6),
					formatUsd(summary.costUsd).padStart(wide ? 9 : 8),
					summary.alerts > 0 ? `⚠${summary.alerts}`.padStart(4) : '    ',
				];
				const pointer = isColorEnabled ? '' : (start + index === selected ? '›' : ' ');
				const fixed = `${pointer}${STATUS_GLYPHS[row.status]} ${id.padEnd(11)} ${columns.join(' ')} `;
				return (
					<Text key={summary.conversationId} wrap="truncate" inverse={start + index === selected}>
						<Text color={statusColor}>{fixed.slice(0, pointer.length + 2)}</Text>
						<Text>{fixed.slice(pointer.length + 2)}</Text>
						<Text color={summary.alerts > 0 ? theme.error : theme.dim}>{fit(summary.firstPrompt || '', Math.max(0, width - fixed.length))}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
