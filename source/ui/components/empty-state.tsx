import {Box, Text} from 'ink';
import {renderOtelBlock} from '../../model/otel-block.js';
import {theme} from '../theme.js';

/** Before any Codex traffic: exactly what to put in Codex's config to connect. */
export function EmptyState({address, width, height}: {address: string | null; width: number; height: number}) {
	const [host, port] = address ? [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))] : ['127.0.0.1', 4318];
	const block = renderOtelBlock({host, port}).split('\n').filter(line => line !== '' && !line.startsWith('#'));
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold color={theme.accent} wrap="truncate">Waiting for Codex{address ? ` on ${address}` : ''}…</Text>
			<Text wrap="truncate">Run `codexmon setup --write`, or add to ~/.codex/config.toml:</Text>
			{block.slice(0, Math.max(0, height - 3)).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate" color={line.startsWith('[') ? theme.accent : undefined}>{line}</Text>
			))}
		</Box>
	);
}
