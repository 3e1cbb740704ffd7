import {Box, Text} from 'ink';
import {isColorEnabled, theme} from '../theme.js';
import type {ListRow} from '../session-list-rows.js';
import {sessionListTable, STATUS_LEGEND, STATUS_WORDS_FROM} from '../session-list-columns.js';
import {LiveOverview, liveOverviewLines} from './live-overview.js';

type Props = {rows: readonly ListRow[]; cursor: number; width: number; height: number; filter: string; filtering: boolean; nowMs: number};

/** Live sessions at a glance, then every session in columns, newest first, sub-agents under their parent. */
export function SessionList({rows, cursor, width, height, filter, filtering, nowMs}: Props) {
	const legend = width < STATUS_WORDS_FROM && rows.length > 0;
	// The overview gets at most a third of the screen: the list is what the keys move through.
	const overviewLines = liveOverviewLines(rows, Math.floor((height - 2) / 3));
	const bodyHeight = Math.max(1, height - 2 - overviewLines - (legend ? 1 : 0));
	const selected = Math.min(cursor, Math.max(0, rows.length - 1));
	const start = Math.max(0, Math.min(selected - Math.floor(bodyHeight / 2), rows.length - bodyHeight));
	const title = filtering || filter ? `filter: ${filter}${filtering ? '▏' : ''}` : `sessions (${rows.length})`;
	const table = sessionListTable(rows, width, nowMs);
	const pointerWidth = isColorEnabled ? 0 : 1;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" bold color={theme.accent}>{title}</Text>
			<LiveOverview rows={rows} nowMs={nowMs} width={width} maxLines={overviewLines}/>
			{rows.length === 0
				? <Text color={theme.dim}>{filter ? 'No session matches.' : 'No sessions recorded yet.'}</Text>
				: <Text wrap="truncate" bold color={theme.dim}>{`${' '.repeat(pointerWidth)}${table.header}`}</Text>}
			{rows.slice(start, start + bodyHeight).map((row, index) => {
				const {summary} = row;
				const line = table.lines[start + index]!;
				const statusColor = row.status === 'live' ? theme.ok : (row.status === 'failed' ? theme.error : (row.status === 'interrupted' || row.status === 'unfinished' ? theme.warn : theme.dim));
				const pointer = pointerWidth === 0 ? '' : (start + index === selected ? '›' : ' ');
				return (
					<Text key={summary.conversationId} wrap="truncate" inverse={start + index === selected}>
						<Text color={statusColor}>{pointer}{line.slice(0, table.statusWidth)}</Text>
						<Text>{line.slice(table.statusWidth)}</Text>
					</Text>
				);
			})}
			{legend && <Box flexGrow={1}/>}
			{legend && <Text wrap="truncate" color={theme.dim}>{STATUS_LEGEND}</Text>}
		</Box>
	);
}
