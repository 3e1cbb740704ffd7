import path from 'node:path';

/**
 * What the machine refused, in one line that names the path and the fix: a permission, a missing
 * directory, a read-only file system, a closed pipe. Undefined for an error that is not one of these.
 */
export function explainEnvironmentError(error: unknown): string | undefined {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const where = (error as NodeJS.ErrnoException | undefined)?.path;
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return `cannot write ${where ?? 'a file'}: permission denied (${code}); fix its permissions, or choose another place with --db (or --output)`;
		}

		case 'EROFS': {
			return `cannot write ${where ?? 'a file'}: the file system is read-only (EROFS); choose another place with --db (or --output)`;
		}

		case 'ENOENT':
		case 'ENOTDIR': {
			return where ? `cannot write ${where}: the directory ${path.dirname(where)} does not exist (${code}); create it or choose another path` : undefined;
		}

		case 'ENOSPC': {
			return `cannot write ${where ?? 'a file'}: the disk is full (ENOSPC); free some space or choose another --db`;
		}

		case 'EPIPE': {
			return 'the output was closed before it ended (EPIPE, e.g. `| head`); nothing was lost, the rest was not printed';
		}

		default: {
			return undefined;
		}
	}
}

/** Commands that take at most this many arguments refuse more, by name. */
export function checkArgumentCount(commandName: string, input: readonly string[], most: number, usage: string): string | undefined {
	if (input.length <= most) {
		return undefined;
	}

	const extra = input.slice(most).map(argument => `"${argument}"`).join(' ');
	return `\`codexmon ${commandName}\` takes ${most === 0 ? 'no arguments' : `${most} argument${most === 1 ? '' : 's'}`}, got also ${extra}; usage: ${usage}`;
}
