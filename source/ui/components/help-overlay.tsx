import {Box, Text} from 'ink';
import {KEY_BINDINGS, REPLAY_KEY_BINDINGS} from '../keys.js';
import {theme} from '../theme.js';

/** Every key, from the bindings table. */
export function HelpOverlay({width, height, replay}: {width: number; height: number; replay: boolean}) {
	const bindings = replay ? [...REPLAY_KEY_BINDINGS, ...KEY_BINDINGS] : KEY_BINDINGS;
	const keyWidth = Math.max(...bindings.map(binding => binding.keys.length)) + 2;
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold color={theme.accent}>codexmon keys (Esc or ? to close)</Text>
			{bindings.slice(0, Math.max(0, height - 3)).map(binding => (
				<Text key={binding.keys + binding.where} wrap="truncate">
					<Text bold>{binding.keys.padEnd(keyWidth)}</Text>
					<Text>{binding.action}</Text>
				</Text>
			))}
		</Box>
	);
}
