import {execFileSync, spawnSync} from 'node:child_process';

export const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;

let counter = 0;

/** A tmux server of its own (its own socket), so parallel tests never share sessions. */
export function startTmux(command: string, size: {columns: number; rows: number}) {
	const socket = `codexmon-test-${process.pid}-${counter++}`;
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	tmux('new-session', '-d', '-x', String(size.columns), '-y', String(size.rows), command);
	return {
		capture: () => {
			try {
				return tmux('capture-pane', '-p');
			} catch {
				return '';
			}
		},
		/** The screen with its colours (SGR sequences), for screenshots. */
		captureAnsi: () => tmux('capture-pane', '-p', '-e'),
		keys: (...keys: string[]) => {
			tmux('send-keys', ...keys);
		},
		/** Text as typed, in one burst (`-` or `$` stay text). */
		type: (text: string) => {
			tmux('send-keys', '-l', '--', text);
		},
		isAlive: () => spawnSync('tmux', ['-L', socket, 'has-session']).status === 0,
		kill: () => {
			spawnSync('tmux', ['-L', socket, 'kill-server']);
		},
	};
}

/** Polls the screen until `predicate` holds; bounded, so a broken screen fails with what it showed. */
export async function waitForScreen(capture: () => string, predicate: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	let screen = capture();
	while (!predicate(screen)) {
		if (Date.now() > deadline) {
			throw new Error(`screen never matched; last screen:\n${screen}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
		screen = capture();
	}

	return screen;
}

/** The pane sizes every screen is read at: narrow, the default terminal, a wide split. */
export const PANE_SIZES = [
	{columns: 60, rows: 20},
	{columns: 80, rows: 24},
	{columns: 120, rows: 40},
] as const;
