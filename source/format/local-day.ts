/** The local calendar day of a time, `YYYY-MM-DD` (as `show --json`'s costByDay names days). */
export function localDay(ms: number): string {
	const date = new Date(ms);
	return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Epoch ms of the local midnight that starts the day of `ms`. */
export function startOfLocalDayMs(ms: number): number {
	const date = new Date(ms);
	return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}
