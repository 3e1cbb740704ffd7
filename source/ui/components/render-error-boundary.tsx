import {Box, Text, useApp, useInput} from 'ink';
import {Component, type ReactNode} from 'react';
import {theme} from '../theme.js';

type Props = {children: ReactNode; /** A new value retries the screen (the next change of data). */ retryKey: number};
type State = {error: Error | undefined; failedAt: number | undefined};

/**
 * A bug in drawing must not take the receiver down: the screen shows the error on one line while
 * telemetry keeps being received and stored, and tries again when new data arrives.
 */
export class RenderErrorBoundary extends Component<Props, State> {
	static getDerivedStateFromError(error: Error): Partial<State> {
		return {error, failedAt: undefined};
	}

	/** Remembers which data failed to draw; new data clears the error and draws again. */
	static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
		if (!state.error) {
			return null;
		}

		if (state.failedAt === undefined) {
			return {failedAt: props.retryKey};
		}

		return props.retryKey === state.failedAt ? null : {error: undefined, failedAt: undefined};
	}

	override state: State = {error: undefined, failedAt: undefined};

	override render() {
		return this.state.error ? <RenderError error={this.state.error}/> : this.props.children;
	}
}

function RenderError({error}: {error: Error}) {
	const {exit} = useApp();
	useInput((input, key) => {
		if (input === 'q' || (key.ctrl && input === 'c')) {
			exit();
		}
	});
	return (
		<Box flexDirection="column">
			<Text color={theme.error} wrap="truncate">⚠ codexmon could not draw the screen: {error.message}</Text>
			<Text color={theme.dim} wrap="truncate">Telemetry is still being received and stored; the screen retries on new data. q quits.</Text>
		</Box>
	);
}
