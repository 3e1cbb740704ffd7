/** 1234 → "1.2k", 2_500_000 → "2.5M": token counts that fit a narrow column. */
export function formatCount(value: number): string {
	const abs = Math.abs(value);
	if (abs < 1000) {
		return String(Math.round(value));
	}

	if (abs < 1_000_000) {
		return `${trimZero((value / 1000).toFixed(abs < 10_000 ? 1 : 0))}k`;
	}

	if (abs < 1_000_000_000) {
		return `${trimZero((value / 1_000_000).toFixed(abs < 10_000_000 ? 1 : 0))}M`;
	}

	return `${trimZero((value / 1_000_000_000).toFixed(1))}B`;
}

/** 850 → "850ms", 12_300 → "12.3s", 125_000 → "2m05s", 4_000_000 → "1h06m". */
export function formatDuration(ms: number): string {
	if (!Number.isFinite(ms) || ms < 0) {
		return '-';
	}

	if (ms < 1000) {
		return `${Math.round(ms)}ms`;
	}

	if (ms < 60_000) {
		return `${trimZero((ms / 1000).toFixed(1))}s`;
	}

	const totalSeconds = Math.round(ms / 1000);
	if (totalSeconds < 3600) {
		return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
	}

	const totalMinutes = Math.floor(totalSeconds / 60);
	return `${Math.floor(totalMinutes / 60)}h${String(totalMinutes % 60).padStart(2, '0')}m`;
}

function trimZero(text: string): string {
	return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** Dollars with precision that suits the amount; unknown is "unknown", never $0. */
export function formatUsd(value: number | null): string {
	if (value === null) {
		return 'unknown';
	}

	if (value === 0) {
		return '$0';
	}

	if (value < 0.01) {
		return `$${value.toFixed(4)}`;
	}

	return value < 100 ? `$${value.toFixed(2)}` : `$${Math.round(value).toLocaleString('en-US')}`;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
	const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
