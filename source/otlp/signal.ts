export const SIGNALS = ['logs', 'traces', 'metrics'] as const;
export type Signal = (typeof SIGNALS)[number];

const PATH_SUFFIXES: ReadonlyArray<[string, Signal]> = [
	['/v1/logs', 'logs'],
	['/v1/traces', 'traces'],
	['/v1/metrics', 'metrics'],
];

/**
 * The signal named by a request path, or undefined when the path does not say.
 * @NOTE codex 0.169.0 posts to the configured endpoint exactly as written, so any prefix is allowed.
 */
export function signalFromPath(path: string): Signal | undefined {
	const withoutQuery = path.split('?', 1)[0]!.replace(/\/+$/, '');
	for (const [suffix, signal] of PATH_SUFFIXES) {
		if (withoutQuery.endsWith(suffix)) {
			return signal;
		}
	}

	return undefined;
}

/** The signal of a parsed OTLP/JSON body, from its top-level key. */
export function signalFromJson(body: unknown): Signal | undefined {
	if (typeof body !== 'object' || body === null) {
		return undefined;
	}

	if ('resourceLogs' in body || 'resource_logs' in body) {
		return 'logs';
	}

	if ('resourceSpans' in body || 'resource_spans' in body) {
		return 'traces';
	}

	if ('resourceMetrics' in body || 'resource_metrics' in body) {
		return 'metrics';
	}

	return undefined;
}
