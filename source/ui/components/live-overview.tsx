import {Box, Text} from 'ink';
import {formatCount, formatUsd} from '../../format/format-number.js';
import {shortPath} from '../../format/short-path.js';
import {terminalSafe} from '../../format/terminal-safe.js';
import {shortConversationId} from '../../model/selectors.js';
import {burnPerMinute, runningTurn} from '../session-screen-data.js';
import type {ListRow} from '../session-list-rows.js';
import {theme} from '../theme.js';
import {fit} from './timeline.js';

type Props = {rows: readonly ListRow[]; nowMs: number; width: number; maxLines: number};

/** The live sessions this overview has room for; the rest are counted on its title line. */
export function liveOverviewLines(rows: readonly ListRow[], maxLines: number): number {
	const live = rows.filter(row => row.status === 'live').length;
	return live === 0 || maxLines < 2 ? 0 : 1 + Math.min(live, maxLines - 1);
}

/** Every live session at a glance, above the list: whether a turn runs, its burn, its cost and its alerts. */
export function LiveOverview({rows, nowMs, width, maxLines}: Props) {
	const live = rows.filter(row => row.status === 'live');
	const lines = liveOverviewLines(rows, maxLines);
	if (lines === 0) {
		return null;
	}

	const shown = live.slice(0, lines - 1);
	const hidden = live.length - shown.length;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate" color={theme.ok}>{`live now: ${live.length}${hidden > 0 ? ` (${hidden} more in the list)` : ''}`}</Text>
			{shown.map(row => {
				const {summary, view} = row;
				const running = view ? runningTurn(view, row.status) : undefined;
				const burn = view ? burnPerMinute(view, running, nowMs) : undefined;
				const wide = width >= 80;
				const state = running ? `${wide ? '⟳ turn' : '⟳'} ${running.index}${wide ? ' running' : ''}` : 'waiting';
				const rate = `${burn === undefined ? '-' : formatCount(burn)}${wide ? ' tok' : ''}/min`;
				const figures = `${wide ? state.padEnd(16) : state} ${wide ? rate.padStart(12) : rate} ${wide ? formatUsd(summary.costUsd).padStart(8) : formatUsd(summary.costUsd)} ${summary.alerts > 0 ? `⚠${summary.alerts}` : ''}`;
				const id = `● ${terminalSafe(shortConversationId(summary.conversationId))} `;
				const directoryWidth = Math.max(0, Math.min(32, width - id.length - figures.length - 2));
				const directory = directoryWidth >= 6 ? `${(summary.cwd ? terminalSafe(shortPath(summary.cwd, directoryWidth)) : '-').padEnd(directoryWidth)} ` : '';
				return (
					<Text key={summary.conversationId} wrap="truncate">
						<Text color={theme.ok}>{id}</Text>
						<Text>{directory}</Text>
						<Text color={summary.alerts > 0 ? theme.error : undefined}>{fit(figures, Math.max(0, width - id.length - directory.length))}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
