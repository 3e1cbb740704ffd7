import v8 from 'node:v8';

/**
 * After each full collection V8 lets the old generation grow to as much as 4x what survived, when the process
 * is busy. A receiver's history lives in SQLite, so little survives (~15 MB of heap after a million records,
 * from a heap snapshot), and that allowance was most of its memory: RSS 170-190 MB after 1M records. Growing
 * 2x instead gives ~143 MB, and ingest at 16 senders was the same within noise (A/B, interleaved). The flag is
 * read at each collection, so it can be set once running, but before anything is compiled: V8's code cache
 * records the flags it was made under and rejects itself under others. A user's own setting (NODE_OPTIONS) wins.
 */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=100';

/** The flag to set, unless the user already chose one on the command line or in NODE_OPTIONS. */
export function heapGrowthFlag(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): string | undefined {
	return [...execArgv, nodeOptions].some(argument => /heap[-_]growing[-_]percent/.test(argument)) ? undefined : HEAP_GROWTH_FLAG;
}

export function limitHeapGrowth(): void {
	const flag = heapGrowthFlag();
	if (flag) {
		v8.setFlagsFromString(flag);
	}
}
