import {Box, Text} from 'ink';
import {formatCount, formatDuration, formatUsd} from '../../format/format-number.js';
import {terminalSafe} from '../../format/terminal-safe.js';
import type {SessionView} from '../../hub/session-view.js';
import {shortConversationId} from '../../model/selectors.js';
import {describeStatus, type SessionStatus} from '../../model/session-status.js';
import {shortPath} from '../../format/short-path.js';
import {theme} from '../theme.js';
import {PlanWindows} from './plan-windows.js';

type Props = {view: SessionView; status: SessionStatus; nowMs: number; width: number};

/** `mixed` is a WebSocket session that fell back to HTTP. */
const TRANSPORT_LABELS = {http: 'http', websocket: 'ws', mixed: 'ws→http', none: undefined} as const;

/** Less than this tells nothing (`…/repo`): the header leaves the directory to the list. */
const MIN_DIRECTORY_WIDTH = 14;

const STATUS_GLYPHS: Record<SessionStatus, string> = {live: '●', idle: '◌', ended: '○', failed: '✖', interrupted: '⊘', unfinished: '◔'};

/** Who, what and how much: the session's identity on one line, its totals and burn rate on the next. */
export function Header({view, status, nowMs, width}: Props) {
	const {session, usage, costUsd} = view;
	const endMs = status === 'live' ? nowMs : session.lastSeenAtMs;
	const elapsedMs = Math.max(0, endMs - session.startedAtMs);
	const perMinute = elapsedMs > 0 ? usage.total / (elapsedMs / 60_000) : 0;
	const statusColor = status === 'live' ? theme.ok : (status === 'failed' ? theme.error : (status === 'interrupted' || status === 'unfinished' ? theme.warn : theme.dim));
	const statusText = `${STATUS_GLYPHS[status]} ${describeStatus(status, view.outcome?.error)}`;
	// What matters first: a narrow pane cuts the end of a line, so approval and sandbox go before cost and status,
	// and the directory (cut from the left to the room left, where there is room) before them.
	const known = [
		shortConversationId(session.conversationId),
		` ${statusText} ${formatDuration(elapsedMs)}`,
		` ${formatUsd(costUsd)}`,
	].join('');
	const identity = [
		session.model || 'model ?',
		session.entry,
		TRANSPORT_LABELS[view.transport ?? 'none'],
		session.kind === 'subagent' ? `sub-agent${session.nickname ? ` ${session.nickname}` : ''}` : undefined,
	].filter(Boolean).join(' · ');
	const {cwd} = view;
	const directoryRoom = Math.min(48, width - known.length - identity.length - 6);
	const directory = cwd && directoryRoom >= MIN_DIRECTORY_WIDTH ? shortPath(cwd, directoryRoom) : undefined;
	const policies = [session.approvalPolicy ? `approval ${session.approvalPolicy}` : undefined, session.sandboxPolicy || undefined].filter(Boolean).join(' · ');
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold color={theme.accent}>{terminalSafe(shortConversationId(session.conversationId))}</Text>
				<Text color={statusColor}> {terminalSafe(statusText)} {formatDuration(elapsedMs)}</Text>
				<Text bold> {formatUsd(costUsd)}</Text>
				<Text> · {terminalSafe(identity)}</Text>
				{directory && <Text color={theme.accent}> · {terminalSafe(directory)}</Text>}
				{policies && <Text> · {terminalSafe(policies)}</Text>}
			</Text>
			<Text wrap="truncate">
				<Text bold>{formatCount(usage.total)} tok</Text>
				<Text color={theme.tokens.input}> · in {formatCount(usage.input)}</Text>
				<Text color={theme.tokens.cached}> ({formatCount(usage.cached)} cached)</Text>
				<Text color={theme.tokens.output}> out {formatCount(usage.output)}</Text>
				<Text color={theme.tokens.reasoning}> ({formatCount(usage.reasoning)} reasoning)</Text>
				<Text> · {formatCount(perMinute)} tok/min</Text>
			</Text>
			<PlanWindows rateLimits={session.rateLimits} nowMs={nowMs} width={width}/>
		</Box>
	);
}
