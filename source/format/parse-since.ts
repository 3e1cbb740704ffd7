const UNIT_MS: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

/**
 * `7d`, `24h`, `30m`, `2w` (that long before `nowMs`) or a date/time (`2026-11-01`, ISO 8601)
 * as epoch ms; undefined when the text is neither.
 */
export function parseSince(text: string, nowMs: number): number | undefined {
	const relative = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(text.trim());
	if (relative) {
		return nowMs - Number(relative[1]) * UNIT_MS[relative[2]!.toLowerCase()]!;
	}

	const absolute = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? new Date(`${text.trim()}T00:00:00`).getTime() : Date.parse(text);
	return Number.isFinite(absolute) ? absolute : undefined;
}
