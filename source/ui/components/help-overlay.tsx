import {Box, Text} from 'ink';
import {keyLabel, type KeyBinding} from '../keymap.js';
import {theme} from '../theme.js';

type Props = {bindings: readonly KeyBinding[]; scroll: number; width: number; height: number};

/** The lines the overlay has room for between its border and title. */
export function helpVisibleLines(height: number): number {
	return Math.max(1, height - 3);
}

/** The keys of the screen behind the overlay, from the keymap; scrolls when they do not fit. */
export function HelpOverlay({bindings, scroll, width, height}: Props) {
	const visible = helpVisibleLines(height);
	const first = Math.max(0, Math.min(scroll, bindings.length - visible));
	const labels = bindings.map(binding => binding.keys.map(name => keyLabel(name)).join(' / '));
	const keyWidth = Math.min(Math.max(...labels.map(label => label.length)) + 2, Math.floor(width / 3));
	const more = bindings.length > visible ? ` ${first + 1}-${Math.min(bindings.length, first + visible)}/${bindings.length} j/k scroll` : '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold color={theme.accent} wrap="truncate">{`keys here (Esc or ? closes)${more}`}</Text>
			{bindings.slice(first, first + visible).map((binding, index) => (
				<Text key={binding.command + binding.where.join()} wrap="truncate">
					<Text bold>{labels[first + index]!.padEnd(keyWidth)}</Text>
					<Text>{binding.help}</Text>
				</Text>
			))}
		</Box>
	);
}
