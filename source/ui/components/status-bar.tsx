import {Text} from 'ink';
import {terminalSafe} from '../../format/terminal-safe.js';
import {formatDuration} from '../../format/format-number.js';
import type {ForwardTotals} from '../../model/forward-totals.js';
import type {HubStats} from '../../hub/session-hub.js';
import {theme} from '../theme.js';
import type {ReplayInfo, ViewSource} from '../../hub/view-source.js';

type Props = {stats: Readonly<HubStats>; info: ViewSource['info']; follow: boolean; replay: ReplayInfo | undefined; width: number};

/** Where data comes from and whether it is arriving; decode errors are always shown, never silent. */
export function StatusBar({stats, info, follow, replay, width}: Props) {
	const home = process.env.HOME;
	const db = home && info.dbPath.startsWith(home) ? `~${info.dbPath.slice(home.length)}` : info.dbPath;
	const errors = stats.decodeErrors + stats.storeErrors;
	let source: string;
	if (replay) {
		source = `${replay.playing ? '▶ replay' : (replay.index >= replay.total ? '■ replay at the end' : '‖ replay paused')} ${replay.speed === 'max' ? 'max' : `${replay.speed}x`} event ${replay.index}/${replay.total} ${formatDuration(replay.elapsedMs)}/${formatDuration(replay.durationMs)} turn ${replay.turn}/${replay.turns}`;
	} else if (info.mode === 'viewer') {
		source = `viewer (read-only) of ${info.address ?? 'another codexmon'}`;
	} else {
		source = `● ${info.address ?? '-'}`;
	}

	const narrow = width < 72;
	const counts = info.mode === 'live' ? (narrow ? `req ${stats.requests} ` : `req ${stats.requests} stored ${stats.eventsStored} `) : '';
	const errorText = `${info.warning ? '⚠ open to the network, no token ' : ''}${info.notice ? `⚠ ${info.notice} ` : ''}${errors > 0 || info.mode === 'live' ? (narrow ? `err ${errors} ` : `errors ${errors} `) : ''}`;
	const forward = info.mode === 'live' && stats.forward ? forwardText(stats.forward, narrow) : '';
	const forwardTrouble = Boolean(stats.forward && (stats.forward.failing || stats.forward.dropped > 0 || stats.forward.failed > 0));
	const left = ` ${narrow && !replay ? source.replace(/^\u25CF [^:]*:/, '● :') : source} ${counts}`;
	const middle = `${follow ? 'follow ' : ''}${narrow ? '' : db} `;
	const right = narrow ? '? help ' : '? help q quit ';
	const room = Math.max(0, width - left.length - errorText.length - forward.length - right.length);
	return (
		<Text wrap="truncate" inverse>
			<Text>{left}</Text>
			<Text color={errors > 0 || info.warning || info.notice ? theme.error : undefined} bold={errors > 0 || Boolean(info.warning ?? info.notice)}>{errorText}</Text>
			{forward ? <Text color={forwardTrouble ? theme.error : undefined} bold={forwardTrouble}>{forward}</Text> : undefined}
			<Text>{middle.length > room ? `${middle.slice(0, Math.max(0, room - 1))}…` : middle.padEnd(room)}</Text>
			<Text>{right}</Text>
		</Text>
	);
}

/** Forwarding at a glance: sent and waiting, and anything lost, in red when the upstream is failing. */
function forwardText(forward: ForwardTotals, narrow: boolean): string {
	const lost = forward.dropped + forward.failed;
	if (narrow) {
		return `→${forward.sent}/${forward.queued}q${lost > 0 ? ` ${lost}✗` : ''} `;
	}

	// The error's kind only (ECONNREFUSED, HTTP 401, gRPC UNAVAILABLE): the full text is in `codexmon doctor`.
	const reason = forward.lastError ? ` (${terminalSafe(forward.lastError.split(':', 1)[0]!.slice(0, 24))})` : '';
	const trouble = forward.failing ? ` upstream down${reason}` : (lost > 0 ? reason : '');
	return `→ ${forward.sent} sent ${forward.queued} queued${forward.dropped > 0 ? ` ${forward.dropped} dropped` : ''}${forward.failed > 0 ? ` ${forward.failed} failed` : ''}${trouble} `;
}
