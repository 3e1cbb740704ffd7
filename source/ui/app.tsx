import {Box, Text, useApp, useInput, useStdout, type Key} from 'ink';
import {useCallback, useEffect, useMemo, useRef, useState} from 'react';
import {turnCostUsd} from '../model/session-cost.js';
import type {Session} from '../model/session.js';
import {AlertBanner} from './components/alert-banner.js';
import {RenderErrorBoundary} from './components/render-error-boundary.js';
import {DecisionLane} from './components/decision-lane.js';
import {EmptyState} from './components/empty-state.js';
import {Header} from './components/header.js';
import {HelpOverlay, helpVisibleLines} from './components/help-overlay.js';
import {planWindowLines} from './components/plan-windows.js';
import {RowDetail} from './components/row-detail.js';
import {SessionList} from './components/session-list.js';
import {StatusBar} from './components/status-bar.js';
import {Timeline} from './components/timeline.js';
import {TokenBurn} from './components/token-burn.js';
import {useNavigation} from './hooks/use-navigation.js';
import {useNow} from './hooks/use-now.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useViewSnapshot} from './hooks/use-view-snapshot.js';
import {handleKey, splitBurst, underlyingContexts, type KeyContext} from './key-handler.js';
import {bindingsOn} from './keymap.js';
import {sessionLayout} from './layout.js';
import {buildSessionListRows, newestLiveSession} from './session-list-rows.js';
import {anyTurnRunning, burnPerMinute, costOf, runningTurn, statusOf} from './session-screen-data.js';
import {buildTimelineRows} from './timeline-rows.js';
import {theme} from './theme.js';
import type {ViewSource} from '../hub/view-source.js';

export type AppProps = {
	source: ViewSource;
	/** Opens a recorded session in replay (the `r` key); absent where replay is not offered. */
	createReplaySource?: (conversationId: string) => ViewSource | undefined;
	bell?: boolean;
	clock?: () => number;
	size?: {columns: number; rows: number};
};

/** codexmon's screens: a live source, or a replay opened from it, through the same components. */
export function App({source, createReplaySource, bell = true, clock, size}: AppProps) {
	const [replay, setReplay] = useState<ViewSource | undefined>();
	const snapshot = useViewSnapshot(replay ?? source);
	// A replay's timers end with it: leaving it, or quitting while it plays, must not keep the process waiting.
	useEffect(() => () => replay?.dispose?.(), [replay]);
	// One input handler for the live screens and a replay opened from them: keys right after `r` are not lost
	// while the replay's screens mount. The screens shown put what the keys need in `keys`.
	const keys = useRef<KeyContext | undefined>(undefined);
	const keyError = useKeyQueue(keys);
	if (replay) {
		return (
			<RenderErrorBoundary retryKey={snapshot.version}>
				<Screens key="replay" source={replay} bell={false} clock={clock} size={size} keys={keys} keyError={keyError} onLeave={() => {
					setReplay(undefined);
				}}/>
			</RenderErrorBoundary>
		);
	}

	return (
		<RenderErrorBoundary retryKey={snapshot.version}>
			<Screens
				key="live"
				source={source}
				bell={bell}
				clock={clock}
				size={size}
				keys={keys}
				keyError={keyError}
				onReplay={createReplaySource ? id => {
					setReplay(createReplaySource(id));
				} : undefined}
			/>
		</RenderErrorBoundary>
	);
}

type ScreensProps = {
	source: ViewSource;
	bell: boolean;
	clock: (() => number) | undefined;
	size: AppProps['size'];
	keys: {current: KeyContext | undefined};
	keyError: string | undefined;
	onReplay?: (conversationId: string) => void;
	onLeave?: () => void;
};

/** The frame interval while a turn runs (its bar and burn rate grow). */
const LIVE_TICK_MS = 500;
/**
 * Otherwise the clock only moves the list's relative times (rounded to 10 s) and live → idle: an idle
 * screen redrew twice a second and cost 3-4 % of a core doing nothing.
 */
const IDLE_TICK_MS = 10_000;

function Screens({source, bell, clock, size, keys, keyError, onReplay, onLeave}: ScreensProps) {
	const snapshot = useViewSnapshot(source);
	const terminal = useTerminalSize();
	const {columns, rows} = size ?? terminal;
	const [navigation, dispatch] = useNavigation();
	const {exit} = useApp();
	const {stdout} = useStdout();
	const replayInfo = source.replay?.position();
	const stored = useMemo(() => source.listStored(), [source, snapshot.version]);
	// With no session anywhere (the empty screen) nothing shown depends on the time.
	const anything = snapshot.model.sessions.size > 0 || stored.length > 0;
	const now = useNow(anyTurnRunning(snapshot.model.sessions.values(), (clock ?? Date.now)()) ? LIVE_TICK_MS : IDLE_TICK_MS, anything, clock);
	const nowMs = replayInfo ? replayClockMs(snapshot.model.sessions.values()) : now;
	const listRows = useMemo(() => buildSessionListRows(snapshot.model, stored, {nowMs, prices: source.prices, filter: navigation.filter}), [snapshot.version, stored, navigation.filter, source, Math.floor(nowMs / 10_000)]);

	const followed = navigation.follow ? newestLiveSession(snapshot.model, nowMs) : undefined;
	useEffect(() => {
		if (followed && (navigation.sessionId !== followed.conversationId || navigation.screen !== 'session')) {
			dispatch({type: 'track', sessionId: followed.conversationId});
		}
	}, [followed?.conversationId, navigation.sessionId, navigation.screen]);
	const sessionId = followed?.conversationId ?? navigation.sessionId;
	const loaded = useRef(new Map<string, Session>());
	let session: Session | undefined;
	if (sessionId) {
		session = snapshot.model.sessions.get(sessionId) ?? loaded.current.get(sessionId);
		if (!session) {
			session = source.loadSession(sessionId);
			if (session) {
				loaded.current.set(sessionId, session);
			}
		}
	}

	const screen = followed ? 'session' : navigation.screen;
	const status = session ? statusOf(session, nowMs) : 'ended';
	const running = session ? runningTurn(session, status) : undefined;
	const alertCallIds = useMemo(() => new Set(session?.alerts.flatMap(alert => alert.callIds) ?? []), [session, session?.version]);
	const timelineRows = useMemo(
		() => session ? buildTimelineRows(session, {collapsed: navigation.collapsed, nowMs, runningTurn: running, alertCallIds, filter: navigation.timelineFilter}) : [],
		[session, session?.version, navigation.collapsed, running ? nowMs : 0, alertCallIds, navigation.timelineFilter],
	);

	useCriticalAlertBell(snapshot.model.sessions.values(), snapshot.version, bell, stdout);

	const helpBindings = bindingsOn(underlyingContexts(navigation, screen, Boolean(source.replay)));
	const helpMaxScroll = Math.max(0, helpBindings.length - helpVisibleLines(rows - 1));
	// @NOTE Ink re-subscribes (and toggles raw mode) whenever the input handler changes; keys typed in that
	// gap were lost. The handler stays the same function and reads the latest render through a ref.
	keys.current = {navigation, dispatch, screen, listRows, timelineRows, session, replay: source.replay?.controls, helpMaxScroll, exit, onReplay, onLeave};

	const alerts = session?.alerts ?? [];
	// The plan windows' header line is taken from the banner's second line, so 80x24 keeps its side-by-side panes.
	const bannerLines = Math.min(alerts.length, rows >= 24 + planWindowLines(session) ? 2 : 1);
	const statusBar = <StatusBar stats={snapshot.stats} info={source.info} follow={navigation.follow} replay={replayInfo} width={columns}/>;
	const keyErrorLine = keyError ? <Text wrap="truncate" color={theme.error}>{keyError}</Text> : null;
	const footerRows = keyError ? 2 : 1;
	if (navigation.help) {
		return (
			<Box flexDirection="column" width={columns} height={rows}>
				<HelpOverlay bindings={helpBindings} scroll={navigation.helpScroll} width={columns} height={rows - footerRows}/>
				{keyErrorLine}
				{statusBar}
			</Box>
		);
	}

	if (screen === 'list' || !session) {
		const empty = listRows.length === 0 && !navigation.filter && !navigation.filtering;
		return (
			<Box flexDirection="column" width={columns} height={rows}>
				{empty ? <EmptyState address={source.info.address} width={columns} height={rows - footerRows}/> : <SessionList rows={listRows} cursor={navigation.listCursor} width={columns} height={rows - footerRows} filter={navigation.filter} filtering={navigation.filtering === 'list'} nowMs={nowMs}/>}
				{keyErrorLine}
				{statusBar}
			</Box>
		);
	}

	const filterPrompt = navigation.filtering === 'timeline' || navigation.timelineFilter !== '';
	const fullBody = rows - 2 - planWindowLines(session) - bannerLines - footerRows;
	const layout = sessionLayout(columns, fullBody, navigation.pane);
	const bottomLine = filterPrompt || (!layout.stacked && !navigation.detail);
	const bodyRows = bottomLine ? fullBody - 1 : fullBody;
	const startMs = session.startedAtMs;
	const endMs = Math.max(session.lastSeenAtMs, running ? nowMs : 0);
	const cursorRow = timelineRows.find(row => row.key === navigation.timelineCursor) ?? (navigation.timelineCursor === null ? timelineRows.at(-1) : undefined);
	const cost = costOf(session, source.prices);
	const burn = burnPerMinute(session, running, nowMs);
	const detailHeight = Math.min(Math.max(6, Math.floor(bodyRows / 2)), bodyRows - 3);
	const timeline = (height: number) => <Timeline rows={timelineRows} cursorKey={navigation.follow ? null : navigation.timelineCursor} focused={navigation.pane === 'timeline'} width={columns} height={height} sessionStartMs={startMs} sessionEndMs={endMs}/>;
	const tokens = (width: number, height: number) => <TokenBurn session={session!} width={width} height={height} focused={navigation.pane === 'tokens'} burnPerMinute={burn}/>;
	const decisions = (width: number, height: number) => <DecisionLane session={session!} width={width} height={height} focused={navigation.pane === 'decisions'} cursor={navigation.decisionCursor}/>;

	let body;
	if (navigation.detail && cursorRow) {
		body = (
			<>
				{timeline(bodyRows - detailHeight)}
				<RowDetail row={cursorRow} width={columns} height={detailHeight} costUsd={cursorRow.kind === 'turn' ? turnCostUsd(session, cursorRow.turn, source.prices) : null}/>
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
			<Header session={session} status={status} costUsd={cost} nowMs={nowMs} width={columns}/>
			<AlertBanner alerts={alerts} width={columns} maxLines={bannerLines}/>
			<Box flexDirection="column" height={bodyRows} width={columns}>{body}</Box>
			{filterPrompt
				? <Text wrap="truncate" color={theme.accent}>{`filter timeline: ${navigation.timelineFilter}${navigation.filtering ? '▏' : ''}${timelineRows.length === 0 ? '  (nothing matches)' : ''}`}</Text>
				: (bottomLine ? <Text wrap="truncate" color={theme.dim}>{`Tab: ${['timeline', 'tokens', 'decisions'].map(pane => pane === navigation.pane ? `[${pane}]` : pane).join(' ')}`}</Text> : null)}
			{keyErrorLine}
			{statusBar}
		</Box>
	);
}

/**
 * Keys in one burst are handled one at a time, each after the screen has taken in the one before (its
 * state, its rows): `/qwen` types a filter instead of quitting at the `q`. A key whose command throws is
 * reported on one line; the screen and the receiver go on.
 */
function useKeyQueue(context: {current: KeyContext | undefined}): string | undefined {
	const queue = useRef<Array<{input: string; key: Key}>>([]);
	const [, setPending] = useState(0);
	const [keyError, setKeyError] = useState<string | undefined>();
	const runNext = useCallback(() => {
		const next = queue.current.shift();
		if (!next) {
			return;
		}

		try {
			handleKey(next.input, next.key, context.current!);
			setKeyError(undefined);
		} catch (error) {
			setKeyError(`⚠ the key ${JSON.stringify(next.input || 'special')} failed: ${(error as Error).message ?? String(error)} (receiving goes on)`);
		}

		if (queue.current.length > 0) {
			setPending(count => count + 1);
		}
	}, []);
	const onKey = useCallback((input: string, key: Key) => {
		const idle = queue.current.length === 0;
		queue.current.push(...splitBurst(input, key));
		if (idle) {
			runNext();
		}
	}, []);
	useInput(onKey);
	// After every render: the next key of a burst sees what the previous one did.
	useEffect(() => {
		if (queue.current.length > 0) {
			runNext();
		}
	});
	return keyError;
}

/** In a replay, "now" is the recording's time: the latest thing replayed. */
function replayClockMs(sessions: Iterable<Session>): number {
	let latest = 0;
	for (const session of sessions) {
		latest = Math.max(latest, session.lastSeenAtMs);
	}

	return latest;
}

/** Rings the terminal bell once for each new critical alert. */
function useCriticalAlertBell(sessions: Iterable<Session>, version: number, enabled: boolean, stdout: NodeJS.WriteStream): void {
	const seen = useRef<Set<string> | undefined>(undefined);
	useEffect(() => {
		const critical = new Set<string>();
		for (const session of sessions) {
			for (const alert of session.alerts) {
				if (alert.severity === 'critical') {
					critical.add(`${session.conversationId}:${alert.key}`);
				}
			}
		}

		if (seen.current && enabled && [...critical].some(key => !seen.current!.has(key))) {
			stdout.write('\u0007');
		}

		seen.current = critical;
	}, [version]);
}
