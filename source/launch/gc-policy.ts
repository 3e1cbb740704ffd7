import v8 from 'node:v8';

/**
 * V8 garbage collection settings for a process that sits in a pane all day and keeps its history in SQLite.
 * Both flags are read while running, so they are set at start, but before anything is compiled: V8's code
 * cache records the flags it was made under and rejects itself under others. A user's own choice wins.
 *
 * - After each full collection V8 lets the old generation grow to as much as 4x what survived, when busy.
 *   Little survives here (~15 MB of heap after a million records, from a heap snapshot), so that allowance
 *   was most of the receiver's memory: RSS 167-190 MB after 1M records. 2x gives ~143 MB, and ingest at 16
 *   senders was the same within noise (A/B, interleaved).
 * - Some seconds after the last full collection, V8's memory reducer collects again, up to three times; with a
 *   heap this small one is enough. That was most of an idle screen's CPU (~50 ms, twice, in its first 10 s).
 */
export const GC_FLAGS = ['--heap-growing-percent=100', '--memory-reducer-single-gc'] as const;

/** The flags to set: those the user did not already set (or negate) on the command line or in NODE_OPTIONS. */
export function gcFlags(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string[] {
	const given = [...execArgv, nodeOptions].join(' ').replaceAll('_', '-');
	return GC_FLAGS.filter(flag => !given.includes(flag.replace(/^--/, '').replace(/=.*$/, '')));
}

export function applyGcPolicy(): void {
	for (const flag of gcFlags()) {
		v8.setFlagsFromString(flag);
	}
}
