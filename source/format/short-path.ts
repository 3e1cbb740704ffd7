import os from 'node:os';

/**
 * A working directory as a list or header shows it: the home directory as `~`, and a path too long for
 * `width` cut from the left at a `/` (`…/github/api`), so the repository's own name, at the end, stays.
 */
export function shortPath(path: string, width = Number.POSITIVE_INFINITY, home = os.homedir()): string {
	const homed = home && home !== '/' && (path === home || path.startsWith(`${home}/`)) ? `~${path.slice(home.length)}` : path;
	if (homed.length <= width) {
		return homed;
	}

	if (width <= 1) {
		return width === 1 ? '…' : '';
	}

	const parts = homed.split('/');
	let tail = parts.at(-1) ?? '';
	for (let index = parts.length - 2; index >= 0; index--) {
		const longer = `${parts[index]}/${tail}`;
		if (longer.length + 2 > width) {
			break;
		}

		tail = longer;
	}

	return tail.length + 2 <= width ? `…/${tail}` : `…${homed.slice(homed.length - width + 1)}`;
}
