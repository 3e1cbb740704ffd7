import {Box, Text, useApp, useStdout} from 'ink';
import {useEffect, useMemo, useRef, useState} from 'react';
import type {SessionView} from '../hub/session-view.js';
import {shortConversationId} from '../model/selectors.js';
import type {ViewSource} from '../hub/view-source.js';
import {EmptyState} from './components/empty-state.js';
import {HelpOverlay, helpVisibleLines} from './components/help-overlay.js';
import {RenderErrorBoundary} from './components/render-error-boundary.js';
import {SessionList} from './components/session-list.js';
import {SessionScreen} from './components/session-screen.js';
import {StatusBar} from './components/status-bar.js';
import {useCriticalAlertBell} from './hooks/use-critical-alert-bell.js';
import {useKeyQueue} from './hooks/use-key-queue.js';
import {useNavigation} from './hooks/use-navigation.js';
import {useNow} from './hooks/use-now.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useViewSnapshot} from './hooks/use-view-snapshot.js';
import {underlyingContexts, type KeyContext} from './key-handler.js';
import {bindingsOn} from './keymap.js';
import {buildSessionListRows, newestLiveSession} from './session-list-rows.js';
import {anyTurnRunning, runningTurn, statusOf} from './session-screen-data.js';
import {buildTimelineRows} from './timeline-rows.js';
import {theme} from './theme.js';

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
	const {sessions, stored} = snapshot;
	// With no session anywhere (the empty screen) nothing shown depends on the time.
	const anything = sessions.size > 0 || stored.length > 0;
	const now = useNow(anyTurnRunning(sessions.values(), (clock ?? Date.now)()) ? LIVE_TICK_MS : IDLE_TICK_MS, anything, clock);
	const nowMs = replayInfo ? replayClockMs(sessions.values()) : now;
	const listRows = useMemo(() => buildSessionListRows(sessions, stored, {nowMs, filter: navigation.filter}), [sessions, stored, navigation.filter, Math.floor(nowMs / 10_000)]);

	const followed = navigation.follow ? newestLiveSession(sessions, nowMs) : undefined;
	useEffect(() => {
		if (followed && (navigation.sessionId !== followed.conversationId || navigation.screen !== 'session')) {
			dispatch({type: 'track', sessionId: followed.conversationId});
		}
	}, [followed?.conversationId, navigation.sessionId, navigation.screen]);
	const sessionId = followed?.conversationId ?? navigation.sessionId;
	const found = sessionId ? sessions.get(sessionId) ?? source.loadSession(sessionId) : undefined;
	const view = found === 'loading' ? undefined : found;

	const screen = followed ? 'session' : navigation.screen;
	const status = view ? statusOf(view, nowMs) : 'ended';
	const running = view ? runningTurn(view, status) : undefined;
	const timelineRows = useMemo(
		() => view ? buildTimelineRows(view, {collapsed: navigation.collapsed, nowMs, runningTurn: running, filter: navigation.timelineFilter}) : [],
		[view, navigation.collapsed, running ? nowMs : 0, navigation.timelineFilter],
	);

	useCriticalAlertBell(sessions, bell, stdout);

	const helpBindings = bindingsOn(underlyingContexts(navigation, screen, Boolean(source.replay)));
	const helpMaxScroll = Math.max(0, helpBindings.length - helpVisibleLines(rows - 1));
	// @NOTE Ink re-subscribes (and toggles raw mode) whenever the input handler changes; keys typed in that
	// gap were lost. The handler stays the same function and reads the latest render through a ref.
	keys.current = {navigation, dispatch, screen, listRows, timelineRows, view, replay: source.replay?.controls, helpMaxScroll, exit, onReplay, onLeave};

	const statusBar = <StatusBar stats={snapshot.stats} info={source.info} follow={navigation.follow} replay={replayInfo} width={columns}/>;
	const keyErrorLine = keyError ? <Text wrap="truncate" color={theme.error}>{keyError}</Text> : null;
	const footerRows = keyError ? 2 : 1;
	const footer = <>{keyErrorLine}{statusBar}</>;
	if (navigation.help) {
		return (
			<Box flexDirection="column" width={columns} height={rows}>
				<HelpOverlay bindings={helpBindings} scroll={navigation.helpScroll} width={columns} height={rows - footerRows}/>
				{footer}
			</Box>
		);
	}

	if (screen === 'session' && found === 'loading') {
		return (
			<Box flexDirection="column" width={columns} height={rows}>
				<Box height={rows - footerRows}><Text color={theme.dim}>reading session {shortConversationId(sessionId!)} from the store…  (Esc: back to the list)</Text></Box>
				{footer}
			</Box>
		);
	}

	if (screen === 'list' || !view) {
		const empty = listRows.length === 0 && !navigation.filter && !navigation.filtering;
		return (
			<Box flexDirection="column" width={columns} height={rows}>
				{empty ? <EmptyState address={source.info.address} width={columns} height={rows - footerRows}/> : <SessionList rows={listRows} cursor={navigation.listCursor} width={columns} height={rows - footerRows} filter={navigation.filter} filtering={navigation.filtering === 'list'} nowMs={nowMs}/>}
				{footer}
			</Box>
		);
	}

	return <SessionScreen view={view} status={status} running={running} timelineRows={timelineRows} navigation={navigation} nowMs={nowMs} columns={columns} rows={rows} footer={footer} footerRows={footerRows}/>;
}

/** In a replay, "now" is the recording's time: the latest thing replayed. */
function replayClockMs(views: Iterable<SessionView>): number {
	let latest = 0;
	for (const {session} of views) {
		latest = Math.max(latest, session.lastSeenAtMs);
	}

	return latest;
}
