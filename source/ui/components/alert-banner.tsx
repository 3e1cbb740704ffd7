import {Box, Text} from 'ink';
import {terminalSafe} from '../../format/terminal-safe.js';
import type {Alert} from '../../model/alert.js';
import {severityColor} from '../theme.js';

type Props = {alerts: readonly Alert[]; width: number; maxLines: number};

/** The alerts that cannot be missed: critical first, newest first, each on one line with its evidence. */
export function AlertBanner({alerts, width, maxLines}: Props) {
	if (alerts.length === 0 || maxLines <= 0) {
		return null;
	}

	const ordered = [...alerts].sort((a, b) => (a.severity === b.severity ? b.atMs - a.atMs : (a.severity === 'critical' ? -1 : 1)));
	const shown = ordered.slice(0, maxLines);
	return (
		<Box flexDirection="column" width={width}>
			{shown.map(alert => (
				<Text key={alert.key} wrap="truncate" inverse bold color={severityColor(alert.severity)}>
					{` ${alert.severity === 'critical' ? '‼' : '⚠'} ${alert.kind.toUpperCase()}${alert.pattern ? ` ${alert.pattern}` : ''}${alert.metric ? ` ${alert.metric}` : ''}: ${terminalSafe(alert.message)}${alerts.length > shown.length && alert === shown.at(-1) ? ` (+${alerts.length - shown.length} more)` : ''} `.padEnd(width)}
				</Text>
			))}
		</Box>
	);
}
