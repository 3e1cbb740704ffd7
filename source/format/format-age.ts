/** How long ago, in at most 7 characters: `now`, `42s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAge(ms: number): string {
	if (!Number.isFinite(ms) || ms < 10_000) {
		return 'now';
	}

	const [value, unit] = ms < 60_000 ? [ms / 1000, 's'] : (ms < 3_600_000 ? [ms / 60_000, 'm'] : (ms < 86_400_000 ? [ms / 3_600_000, 'h'] : [ms / 86_400_000, 'd']));
	return `${Math.floor(value)}${unit} ago`;
}
