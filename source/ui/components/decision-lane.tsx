import {Box, Text} from 'ink';
import {useMemo} from 'react';
import {formatDuration} from '../../format/format-number.js';
import {terminalSafe} from '../../format/terminal-safe.js';
import type {DescribedCall} from '../../hub/described-calls.js';
import type {SessionView} from '../../hub/session-view.js';
import {decisionStyle, isColorEnabled, theme} from '../theme.js';
import {fit} from './timeline.js';

type Props = {view: SessionView; width: number; height: number; focused: boolean; cursor: number};

/**
 * Every tool decision, who made it (Config = the approval policy, User = a person) and what came of it:
 * the tally on top, then the calls, newest last.
 */
export function DecisionLane({view, width, height, focused, cursor}: Props) {
	// Once per view (a change of the session), not on every frame and key.
	const {calls} = view;
	const tally = useMemo(() => tallyCalls(calls), [calls]);

	const tallyText = [...tally].map(([key, count]) => {
		const [decision, source] = key.split('|');
		const style = decisionStyle(decision === 'none' ? null : decision!);
		return {text: `${style.glyph}${count}${source ? terminalSafe(source.slice(0, 1)) : ''}`, color: style.color};
	});
	const bodyHeight = Math.max(0, height - 2);
	const selected = Math.min(cursor, Math.max(0, calls.length - 1));
	const start = focused ? Math.max(0, Math.min(selected - bodyHeight + 1, calls.length - bodyHeight)) : Math.max(0, calls.length - bodyHeight);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" bold={focused} color={focused ? theme.accent : theme.dim}>tool decisions ({calls.length})</Text>
			<Text wrap="truncate">
				{tallyText.length === 0 ? <Text color={theme.dim}>none yet</Text> : tallyText.map((item, index) => (
					<Text key={item.text} color={item.color}>{index > 0 ? ' ' : ''}{item.text}</Text>
				))}
			</Text>
			{calls.slice(start, start + bodyHeight).map(({call, command, failed, result}, index) => {
				const style = decisionStyle(call.decision);
				const tail = ` ${failed ? '✖ ' : ''}${result} ${call.durationMs === null ? '' : formatDuration(call.durationMs)}`;
				return (
					<Text key={call.callId} wrap="truncate" inverse={focused && start + index === selected}>
						<Text color={style.color}>{isColorEnabled ? '' : (focused && start + index === selected ? '›' : ' ')}{style.glyph} {terminalSafe((call.decisionSource ?? '-').slice(0, 1))} </Text>
						<Text color={failed ? theme.error : undefined}>{fit(command, Math.max(4, width - (isColorEnabled ? 4 : 5) - tail.length))}</Text>
						<Text color={failed ? theme.error : theme.dim}>{tail}</Text>
					</Text>
				);
			})}
		</Box>
	);
}

function tallyCalls(calls: readonly DescribedCall[]): Map<string, number> {
	const tally = new Map<string, number>();
	for (const {call} of calls) {
		const key = `${call.decision ?? 'none'}|${call.decisionSource ?? ''}`;
		tally.set(key, (tally.get(key) ?? 0) + 1);
	}

	return tally;
}
