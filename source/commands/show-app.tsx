import {render} from 'ink';
import {requireTerminal, runFullScreen} from './full-screen.js';
import {App, type AppProps} from '../ui/app.js';

/**
 * The screens on the terminal until the user quits. Commands import this lazily, so `serve` and the
 * other non-screen commands never load Ink, React and Yoga (time to start, and memory).
 */
export async function showApp(props: AppProps): Promise<void> {
	requireTerminal(props.source.info.mode === 'replay' ? 'replay' : 'watch');
	await runFullScreen(() => render(<App {...props}/>, {maxFps: 15, exitOnCtrlC: false, patchConsole: false, incrementalRendering: true}));
}
