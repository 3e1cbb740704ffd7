const UNITS: Record<string, number> = {b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30};

/** `500MB`, `2GiB`, `1.5g`, `1048576` → bytes; undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
	if (!match) {
		return undefined;
	}

	const unit = UNITS[(match[2] || 'b').toLowerCase()];
	return unit === undefined ? undefined : Math.round(Number(match[1]) * unit);
}

const DURATION_UNITS: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/** `30d`, `12h`, `2w` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
	const match = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(text.trim());
	return match ? Number(match[1]) * DURATION_UNITS[match[2]!.toLowerCase()]! : undefined;
}
