import asciichart from 'asciichart';
import {Box, Text} from 'ink';
import {formatCount} from '../../format/format-number.js';
import type {SessionView} from '../../hub/session-view.js';
import type {TokenUsage} from '../../model/tokens.js';
import {isColorEnabled, theme} from '../theme.js';

type Props = {view: SessionView; width: number; height: number; focused: boolean; burnPerMinute: number | undefined};

type TurnTokens = {turn: {index: number}; usage: TokenUsage};

const BAR_GLYPHS = {cached: '▒', input: '█', reasoning: '▓', output: '░'} as const;

/**
 * Tokens per turn: stacked bars (cached input, the rest of input, reasoning, the rest of output) while the
 * turns fit one per line, an asciichart of totals per turn when they do not.
 */
export function TokenBurn({view, width, height, focused, burnPerMinute}: Props) {
	const {turns} = view;
	const bodyHeight = Math.max(1, height - 2);
	const title = `tokens per turn${burnPerMinute === undefined ? '' : ` · now ${formatCount(burnPerMinute)}/min`}`;
	const legend = `${BAR_GLYPHS.cached}cached ${BAR_GLYPHS.input}input ${BAR_GLYPHS.reasoning}reasoning ${BAR_GLYPHS.output}output`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate" bold={focused} color={focused ? theme.accent : theme.dim}>{title}</Text>
			{turns.length <= bodyHeight ? <Bars turns={turns} width={width}/> : <Chart turns={turns} width={width} height={bodyHeight}/>}
			<Text wrap="truncate" color={theme.dim}>{legend}</Text>
		</Box>
	);
}

function Bars({turns, width}: {turns: readonly TurnTokens[]; width: number}) {
	const max = Math.max(1, ...turns.map(turn => turn.usage.total));
	const barWidth = Math.max(4, width - 12);
	return (
		<>
			{turns.map(({turn: {index}, usage}) => {
				const scale = (value: number) => Math.round((value / max) * barWidth);
				const cached = scale(usage.cached);
				const input = Math.max(usage.input > usage.cached ? 1 : 0, scale(usage.input) - cached);
				const reasoning = scale(usage.reasoning);
				const output = Math.max(usage.output > usage.reasoning ? 1 : 0, scale(usage.output) - reasoning);
				return (
					<Text key={index} wrap="truncate">
						<Text color={theme.dim}>{String(index).padStart(3)} </Text>
						<Text color={theme.tokens.cached}>{BAR_GLYPHS.cached.repeat(cached)}</Text>
						<Text color={theme.tokens.input}>{BAR_GLYPHS.input.repeat(input)}</Text>
						<Text color={theme.tokens.reasoning}>{BAR_GLYPHS.reasoning.repeat(reasoning)}</Text>
						<Text color={theme.tokens.output}>{BAR_GLYPHS.output.repeat(output)}</Text>
						<Text> {formatCount(usage.total)}</Text>
					</Text>
				);
			})}
		</>
	);
}

function Chart({turns, width, height}: {turns: readonly TurnTokens[]; width: number; height: number}) {
	const labelWidth = 8;
	const points = Math.max(2, width - labelWidth - 2);
	const sample = (values: number[]) => values.length <= points ? values : values.slice(-points);
	const totals = sample(turns.map(turn => turn.usage.total));
	const inputs = sample(turns.map(turn => turn.usage.input));
	const plot = asciichart.plot([totals, inputs], {
		height: Math.max(1, height - 1),
		format: (value: number) => formatCount(value).padStart(labelWidth - 1),
		colors: isColorEnabled ? [asciichart.magenta, asciichart.blue] : [asciichart.default, asciichart.default],
	});
	return (
		<>
			{plot.split('\n').slice(0, height).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate">{line}</Text>
			))}
		</>
	);
}
