import type {Instance} from 'ink';
import {UsageError} from './command.js';

const ENTER_ALTERNATE_SCREEN = '\u001B[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/**
 * Runs an Ink app on the terminal's alternate screen and always gives the terminal back: on a normal
 * quit, on SIGINT/SIGTERM, and on an uncaught error (the shell's scrollback stays as it was).
 */
export async function runFullScreen(start: () => Instance): Promise<void> {
	const isTerminal = process.stdout.isTTY;
	const restore = () => {
		if (isTerminal) {
			process.stdout.write(SHOW_CURSOR + LEAVE_ALTERNATE_SCREEN);
		}
	};

	if (isTerminal) {
		process.stdout.write(ENTER_ALTERNATE_SCREEN);
	}

	const instance = start();
	const stop = () => {
		instance.unmount();
	};

	const crash = (error: unknown) => {
		instance.unmount(error instanceof Error ? error : new Error(String(error)));
	};

	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	process.on('uncaughtException', crash);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
		process.off('uncaughtException', crash);
		restore();
	}
}

/** The screens need a terminal on both ends (keys in, frames out); without one, say what to run instead. */
export function requireTerminal(command: string): void {
	const missing = [process.stdin.isTTY ? '' : 'input', process.stdout.isTTY ? '' : 'output'].filter(Boolean);
	if (missing.length > 0) {
		throw new UsageError(`\`codexmon ${command}\` draws a screen and needs a terminal, but its ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not one; run \`codexmon serve\` to receive without a screen, or \`codexmon sessions\` / \`codexmon show <id>\` to read`);
	}
}
