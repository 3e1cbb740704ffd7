import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {SessionView} from '../../hub/session-view.js';
import type {SessionStatus} from '../../model/session-status.js';
import type {Turn} from '../../model/session.js';
import type {NavigationState} from '../hooks/use-navigation.js';
import {sessionLayout} from '../layout.js';
import {burnPerMinute} from '../session-screen-data.js';
import type {TimelineRow} from '../timeline-rows.js';
import {theme} from '../theme.js';
import {AlertBanner} from './alert-banner.js';
import {DecisionLane} from './decision-lane.js';
import {Header} from './header.js';
import {planWindowLines} from './plan-windows.js';
import {RowDetail} from './row-detail.js';
import {Timeline} from './timeline.js';
import {TokenBurn} from './token-burn.js';

type Props = {
	view: SessionView;
	status: SessionStatus;
	running: Turn | undefined;
	timelineRows: readonly TimelineRow[];
	navigation: NavigationState;
	nowMs: number;
	columns: number;
	rows: number;
	/** The key error line (when a key failed) and the status line, under the screen. */
	footer: ReactNode;
	footerRows: number;
};

/** One session: header, alerts, then the timeline with the token burn and the tool decisions, or one row's detail. */
export function SessionScreen({view, status, running, timelineRows, navigation, nowMs, columns, rows, footer, footerRows}: Props) {
	const {session} = view;
	const alerts = session.alerts;
	// The plan windows' header line is taken from the banner's second line, so 80x24 keeps its side-by-side panes.
	const bannerLines = Math.min(alerts.length, rows >= 24 + planWindowLines(session) ? 2 : 1);
	const filterPrompt = navigation.filtering === 'timeline' || navigation.timelineFilter !== '';
	const fullBody = rows - 2 - planWindowLines(session) - bannerLines - footerRows;
	const layout = sessionLayout(columns, fullBody, navigation.pane);
	const bottomLine = filterPrompt || (!layout.stacked && !navigation.detail);
	const bodyRows = bottomLine ? fullBody - 1 : fullBody;
	const startMs = session.startedAtMs;
	const endMs = Math.max(session.lastSeenAtMs, running ? nowMs : 0);
	const cursorRow = timelineRows.find(row => row.key === navigation.timelineCursor) ?? (navigation.timelineCursor === null ? timelineRows.at(-1) : undefined);
	const burn = burnPerMinute(view, running, nowMs);
	const detailHeight = Math.min(Math.max(6, Math.floor(bodyRows / 2)), bodyRows - 3);
	const timeline = (height: number) => <Timeline rows={timelineRows} cursorKey={navigation.follow ? null : navigation.timelineCursor} focused={navigation.pane === 'timeline'} width={columns} height={height} sessionStartMs={startMs} sessionEndMs={endMs}/>;
	const tokens = (width: number, height: number) => <TokenBurn view={view} width={width} height={height} focused={navigation.pane === 'tokens'} burnPerMinute={burn}/>;
	const decisions = (width: number, height: number) => <DecisionLane view={view} width={width} height={height} focused={navigation.pane === 'decisions'} cursor={navigation.decisionCursor}/>;

	let body;
	if (navigation.detail && cursorRow) {
		const turnCost = cursorRow.kind === 'turn' ? view.turns.find(figures => figures.turn === cursorRow.turn)?.costUsd ?? null : null;
		body = (
			<>
				{timeline(bodyRows - detailHeight)}
				<RowDetail row={cursorRow} width={columns} height={detailHeight} costUsd={turnCost}/>
			</>
		);
	} else if (layout.stacked) {
		body = (
			<>
				{timeline(layout.timelineHeight)}
				<Box height={layout.bottomHeight} width={columns}>
					{tokens(layout.bottomLeftWidth, layout.bottomHeight)}
					<Box width={1}/>
					{decisions(layout.bottomRightWidth, layout.bottomHeight)}
				</Box>
			</>
		);
	} else {
		body = layout.single === 'tokens' ? tokens(columns, bodyRows) : (layout.single === 'decisions' ? decisions(columns, bodyRows) : timeline(bodyRows));
	}

	return (
		<Box flexDirection="column" width={columns} height={rows}>
			<Header view={view} status={status} nowMs={nowMs} width={columns}/>
			<AlertBanner alerts={alerts} width={columns} maxLines={bannerLines}/>
			<Box flexDirection="column" height={bodyRows} width={columns}>{body}</Box>
			{filterPrompt
				? <Text wrap="truncate" color={theme.accent}>{`filter timeline: ${navigation.timelineFilter}${navigation.filtering ? '▏' : ''}${timelineRows.length === 0 ? '  (nothing matches)' : ''}`}</Text>
				: (bottomLine ? <Text wrap="truncate" color={theme.dim}>{`Tab: ${['timeline', 'tokens', 'decisions'].map(pane => pane === navigation.pane ? `[${pane}]` : pane).join(' ')}`}</Text> : null)}
			{footer}
		</Box>
	);
}
