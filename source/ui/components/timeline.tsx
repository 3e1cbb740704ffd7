import {Box, Text} from 'ink';
import {useRef} from 'react';
import {formatCount, formatDuration} from '../../format/format-number.js';
import {terminalSafe} from '../../format/terminal-safe.js';
import {decisionStyle, isColorEnabled, theme} from '../theme.js';
import {placeBar, type TimelineRow} from '../timeline-rows.js';
import {callResultLabel, mcpServerOf} from '../../model/tool-command.js';

type Props = {rows: readonly TimelineRow[]; cursorKey: string | null; focused: boolean; width: number; height: number; sessionStartMs: number; sessionEndMs: number};

const TOKENS_WIDTH = 6;
const DURATION_WIDTH = 7;

/**
 * The session as a terminal waterfall: turns on the session's time axis, each turn's model requests and
 * tool calls on that turn's axis (each Codex turn is its own trace). Only the visible rows are rendered.
 */
export function Timeline({rows, cursorKey, focused, width, height, sessionStartMs, sessionEndMs}: Props) {
	const offset = useRef(0);
	const cursorIndex = cursorKey === null ? rows.length - 1 : Math.max(0, rows.findIndex(row => row.key === cursorKey));
	const bodyHeight = Math.max(1, height - 1);
	if (cursorKey === null) {
		offset.current = Math.max(0, rows.length - bodyHeight);
	} else if (cursorIndex < offset.current) {
		offset.current = cursorIndex;
	} else if (cursorIndex >= offset.current + bodyHeight) {
		offset.current = cursorIndex - bodyHeight + 1;
	}

	offset.current = Math.max(0, Math.min(offset.current, Math.max(0, rows.length - bodyHeight)));
	const labelWidth = Math.max(16, Math.floor(width * 0.42));
	const barWidth = Math.max(4, width - labelWidth - TOKENS_WIDTH - DURATION_WIDTH - 2);
	const visible = rows.slice(offset.current, offset.current + bodyHeight);
	// Turn rows are drawn on the session's time axis, the rows under a turn on that turn's own: the label names the
	// axis of the row under the cursor.
	const cursorRow = rows[cursorIndex];
	const axis = cursorRow && cursorRow.kind !== 'turn'
		? axisLabel(`turn ${cursorRow.turn.index}`, cursorRow.axisStartMs, cursorRow.axisEndMs, barWidth)
		: axisLabel('session', sessionStartMs, sessionEndMs, barWidth);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" color={theme.dim}>
				{`${'timeline'.padEnd(labelWidth)}${'tokens'.padStart(TOKENS_WIDTH)}${'time'.padStart(DURATION_WIDTH)}  ${axis}`}
			</Text>
			{visible.map((row, index) => (
				<TimelineLine key={row.key} row={row} selected={focused && offset.current + index === cursorIndex} labelWidth={labelWidth} barWidth={barWidth} sessionStartMs={sessionStartMs} sessionEndMs={sessionEndMs}/>
			))}
			{rows.length === 0 && <Text color={theme.dim}>No turns yet: waiting for the first prompt.</Text>}
		</Box>
	);
}

/** `turn 3 0 ……… 4.2s`: which axis, its start and its length; without the name where the bar is too narrow. */
export function axisLabel(name: string, startMs: number, endMs: number, width: number): string {
	const total = formatDuration(Math.max(0, endMs - startMs));
	const start = width >= name.length + total.length + 4 ? `${name} 0` : '0';
	return `${start}${total.padStart(Math.max(1, width - start.length))}`.slice(0, width);
}

type LineProps = {row: TimelineRow; selected: boolean; labelWidth: number; barWidth: number; sessionStartMs: number; sessionEndMs: number};

function TimelineLine({row, selected, labelWidth, barWidth, sessionStartMs, sessionEndMs}: LineProps) {
	const durationMs = Math.max(0, row.endMs - row.startMs);
	let label: string;
	let labelColor: string | undefined;
	let tokens = '';
	let barColor: string | undefined;
	let axis: [number, number];
	let glyph = '';
	let glyphColor: string | undefined;
	let marker = '';
	let markerColor: string | undefined;
	switch (row.kind) {
		case 'turn': {
			label = `${row.collapsed ? '▸' : '▾'} ${row.turn.index} ${row.turn.prompt || (row.turn.hasPrompt ? '' : '(no prompt seen)')}`;
			labelColor = row.alert ? theme.error : undefined;
			tokens = formatCount(row.tokens.total);
			barColor = theme.turnBar;
			axis = [sessionStartMs, sessionEndMs];
			if (row.running) {
				marker = '⟳';
				markerColor = theme.ok;
			} else if (row.outcome.outcome === 'failed') {
				marker = '✖';
				markerColor = theme.error;
				labelColor = theme.error;
			} else if (row.outcome.outcome === 'interrupted') {
				marker = '⊘';
				markerColor = theme.warn;
			} else if (row.alert) {
				marker = '⚠';
				markerColor = theme.error;
			}

			break;
		}

		case 'request': {
			const usage = row.request.usage;
			const retries = row.retries.map(attempt => ` ↻ ${attempt.status !== null && attempt.status >= 400 ? attempt.status : 'retry'}`).join('');
			label = `   ◆ ${row.compaction ? 'compaction summary' : `model ${row.number}`}${retries}${row.error ? ` ✖ ${row.error}` : ''}`;
			labelColor = row.error ? theme.error : (row.retries.length > 0 ? theme.warn : theme.dim);
			tokens = usage ? formatCount(usage.total) : (row.error ? '-' : '…');
			barColor = theme.requestBar;
			axis = [row.axisStartMs, row.axisEndMs];
			break;
		}

		case 'compaction': {
			label = '   ≡ context compacted';
			labelColor = theme.accent;
			barColor = theme.accent;
			axis = [row.axisStartMs, row.axisEndMs];
			break;
		}

		case 'connection': {
			label = `   ⚡ ws refused${row.failure.error ? `: ${row.failure.error}` : ''} → http`;
			labelColor = theme.warn;
			barColor = theme.warn;
			axis = [row.axisStartMs, row.axisEndMs];
			break;
		}

		case 'tool': {
			const style = decisionStyle(row.call.decision);
			glyph = style.glyph;
			glyphColor = style.color;
			// Failure and alerts have a glyph of their own, not only a colour (NO_COLOR).
			const server = mcpServerOf(row.call);
			label = `   ${style.glyph} ${row.failed ? `✖ ${callResultLabel(row.call)} ` : ''}${row.alert ? '⚠ ' : ''}${server ? `${server}: ` : ''}${row.command}`;
			// A denial under approval_policy=never is logged as the User's, but the policy made it.
			marker = row.call.decisionSource === 'User' && !row.call.refusedByPolicy ? 'U' : (row.call.decisionSource ? 'C' : '');
			markerColor = style.color;
			labelColor = row.failed ? theme.error : (row.alert ? theme.warn : undefined);
			barColor = row.failed ? theme.error : theme.toolBar;
			axis = [row.axisStartMs, row.axisEndMs];
			break;
		}
	}

	const bar = placeBar(row.startMs, row.endMs, axis[0], axis[1], barWidth);
	// Without colour, inverse video is dropped too: a pointer marks the selected row instead.
	const text = isColorEnabled ? fit(label, labelWidth) : `${selected ? '›' : ' '}${fit(label, labelWidth - 1)}`;
	const glyphAt = row.kind === 'tool' ? (isColorEnabled ? 3 : 4) : -1;
	return (
		<Text wrap="truncate" inverse={selected}>
			{glyphAt >= 0 ? (
				<>
					<Text color={labelColor}>{text.slice(0, glyphAt)}</Text>
					<Text color={glyphColor} bold>{text.slice(glyphAt, glyphAt + 1)}</Text>
					<Text color={labelColor}>{text.slice(glyphAt + 1)}</Text>
				</>
			) : <Text color={labelColor} bold={row.kind === 'turn'}>{text}</Text>}
			<Text color={theme.dim}>{tokens.padStart(TOKENS_WIDTH)}</Text>
			<Text>{formatDuration(durationMs).padStart(DURATION_WIDTH)}</Text>
			<Text color={markerColor}>{marker.padStart(2)}</Text>
			<Text>{' '.repeat(bar.offset)}</Text>
			<Text color={barColor}>{'█'.repeat(bar.length)}</Text>
		</Text>
	);
}

/** Cuts or pads text to exactly `width` columns, ending a cut with "…". */
export function fit(text: string, width: number): string {
	const indent = /^ */.exec(text)![0];
	// Telemetry text (prompts, commands) is drawn through here: control characters in their visible form.
	const oneLine = terminalSafe(indent + text.slice(indent.length).replaceAll(/\s+/g, ' '));
	return oneLine.length > width ? `${oneLine.slice(0, Math.max(0, width - 1))}…` : oneLine.padEnd(width);
}
