import {PerformanceObserver} from 'node:perf_hooks';
import v8 from 'node:v8';

/**
 * V8 garbage collection settings for a process that sits in a pane all day and keeps its history in SQLite.
 * Both are read while running, so they are set at start, but before anything is compiled: V8's code cache
 * records the flags it was made under and rejects itself under others. A user's own choice wins.
 *
 * - After each full collection V8 lets the old generation grow to as much as 4x what survived, when busy.
 *   Little survives here (~15 MB of heap after a million records, from a heap snapshot), so that allowance
 *   was most of the receiver's memory: RSS 167-190 MB after 1M records. 2x gives ~143 MB, and ingest at 16
 *   senders was the same within noise (A/B, interleaved).
 * - Some seconds after the last full collection, V8's memory reducer collects again, up to two or three times;
 *   with a heap this small one is enough. That was most of an idle screen's CPU (~50 ms, twice, in its first 10 s).
 *
 * - V8 13+ (Node 24, 26) lets the young generation grow to 64-128 MB where V8 11-12 (Node 20, 22) stop at 32 MB:
 *   RSS 240 MiB instead of 144 MiB after 1M records on Node 24. Its limit is read only at V8's start, so instead
 *   the growth stops where Node 20's does (`capYoungGeneration`): 138-164 MiB.
 * - The live screen (`codexmon`, `codexmon watch`) stops it at 16 MB on every V8, and holds it while it rebuilds a
 *   stored session (`withYoungGenerationHeld`): opening a 10,000-request session grew it from 8 to 32 MB (all a
 *   rebuild makes lives on, and V8 grows the young generation for survivors), resident all day after. RSS at
 *   10,000 requests ~148 -> ~130 MiB (long-session bench). At 8 MB the screen's CPU while 5 sessions stream in
 *   went from 11-12 % to 15-16 % of a core (more of each request's objects promoted; at 16 MB it is the same as at
 *   32, A/B); `serve`, with bursts from many senders, keeps 32 MB. V8 14 (Node 26) grows it in steps the factor
 *   does not stop there (25 MB measured, and a step during a hold): on Node 26 the screen gets the 32 MB cap only.
 *
 * V8 prints "unrecognized flag" on stderr (over the screen) for a flag it does not know, so each flag is set only
 * on the V8 versions known to have it: V8 11.3 (Node 20) says "one reducer GC" as a switch, V8 12+ (Node 22, 24,
 * 26) as a count.
 */
type GcFlag = {flag: string; name: string; fromV8: number; untilV8?: number};

const GC_POLICY: readonly GcFlag[] = [
	{flag: '--heap-growing-percent=100', name: 'heap-growing-percent', fromV8: 11},
	{flag: '--memory-reducer-single-gc', name: 'memory-reducer-single-gc', fromV8: 11, untilV8: 12},
	{flag: '--memory-reducer-gc-count=1', name: 'memory-reducer-gc-count', fromV8: 12},
];

/** The flags of the policy this V8 (by its major version) knows. */
function gcFlagsFor(v8Version: string = process.versions.v8): GcFlag[] {
	const major = Number.parseInt(v8Version, 10);
	return GC_POLICY.filter(({fromV8, untilV8}) => major >= fromV8 && (untilV8 === undefined || major < untilV8));
}

/** The flags to set: those this V8 knows that the user did not already set (or negate) on the command line or in NODE_OPTIONS. */
export function gcFlags(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '', v8Version: string = process.versions.v8): string[] {
	const given = [...execArgv, nodeOptions].join(' ').replaceAll('_', '-');
	return gcFlagsFor(v8Version).filter(({name}) => !given.includes(name)).map(({flag}) => flag);
}

/** Node 20's and 22's young generation: two semi-spaces of 16 MB. */
export const YOUNG_GENERATION_CAP_BYTES = 32 * 2 ** 20;
/** The live screen's: two semi-spaces of 8 MB. */
export const SCREEN_YOUNG_GENERATION_CAP_BYTES = 16 * 2 ** 20;

/**
 * Whether to cap the young generation: on V8 13+, and for the live screen on every V8, unless the user sized it
 * on the command line or in NODE_OPTIONS.
 */
export function capsYoungGeneration(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '', v8Version: string = process.versions.v8, screen = false): boolean {
	const given = [...execArgv, nodeOptions].join(' ').replaceAll('_', '-');
	return (screen || Number.parseInt(v8Version, 10) >= 13) && !/semi-space|new-space/.test(given);
}

/** Whether the command line runs the live screen: no command (flags only) or `watch`. */
export function runsLiveScreen(argv: readonly string[] = process.argv.slice(2)): boolean {
	const first = argv[0];
	return first === undefined || first === 'watch' || first.startsWith('-');
}

/**
 * After the first collection that finds the young generation past half the cap, V8 may no longer grow it (the
 * growth factor is read at each growth, and one growth at most doubles it; V8 13 doubles 16 to 32 MB, V8 14 grows
 * in smaller steps). The gc entries arrive between tasks, so a long synchronous burst could still grow it again. V8's code cache carries a hash of all flags, so the factor is put back at exit, before the launcher
 * writes the cache, or every start would reject the cache the last one wrote.
 */
function capYoungGeneration(capBytes: number): void {
	let capped = false;
	const observer = new PerformanceObserver(() => {
		const newSpace = v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space');
		if (!capped && newSpace !== undefined && newSpace.space_size > capBytes / 2) {
			capped = true;
			v8.setFlagsFromString('--semi-space-growth-factor=1');
			observer.disconnect();
		}
	});
	observer.observe({entryTypes: ['gc']});
	process.once('exit', () => {
		observer.disconnect();
		if (capped) {
			v8.setFlagsFromString('--semi-space-growth-factor=2');
		}
	});
}

/**
 * Runs `build` (a burst whose objects all live on: a stored session rebuilt for the screen, then its first frame)
 * with the young generation held at its size until the task ends; growing it for survivors that end in the old
 * generation anyway leaves it large for the rest of the day. Where the policy's cap already holds it, it stays
 * held, else V8 may grow it again. The factor is read at each growth; it is put back before the exit, so V8's code
 * cache sees the same flags.
 */
export function withYoungGenerationHeld<T>(build: () => T, execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): T {
	if (/semi-space|new-space/.test([...execArgv, nodeOptions].join(' ').replaceAll('_', '-'))) {
		return build();
	}

	v8.setFlagsFromString('--semi-space-growth-factor=1');
	if (!releasePending) {
		releasePending = true;
		setImmediate(releaseYoungGeneration).unref();
		if (!releaseAtExit) {
			releaseAtExit = true;
			// V8's default, as at start, before the launcher's handler writes the code cache.
			process.prependOnceListener('exit', () => {
				if (releasePending) {
					releasePending = false;
					v8.setFlagsFromString('--semi-space-growth-factor=2');
				}
			});
		}
	}

	return build();
}

let releasePending = false;
/** One exit handler for every hold: a screen opens many sessions in a day. */
let releaseAtExit = false;

function releaseYoungGeneration(): void {
	if (releasePending) {
		releasePending = false;
		const capBytes = capInForce();
		const newSpace = v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;
		v8.setFlagsFromString(`--semi-space-growth-factor=${capBytes !== undefined && newSpace > capBytes / 2 ? 1 : 2}`);
	}
}

/**
 * The cap `applyGcPolicy` set, if any. The launcher (dist/cli.js) and the bundle each have their own copy of this
 * module, so it is kept on the global object, where both see it.
 */
const CAP_IN_FORCE = Symbol.for('codexmon.youngGenerationCapBytes');

function capInForce(): number | undefined {
	return (globalThis as {[CAP_IN_FORCE]?: number})[CAP_IN_FORCE];
}

/** Call before anything else is compiled; registers its exit handler before the launcher's. */
export function applyGcPolicy(options: {screen?: boolean} = {}): void {
	for (const flag of gcFlags()) {
		v8.setFlagsFromString(flag);
	}

	const screen = options.screen ?? false;
	if (capsYoungGeneration(process.execArgv, process.env.NODE_OPTIONS ?? '', process.versions.v8, screen)) {
		const capBytes = screen ? SCREEN_YOUNG_GENERATION_CAP_BYTES : YOUNG_GENERATION_CAP_BYTES;
		(globalThis as {[CAP_IN_FORCE]?: number})[CAP_IN_FORCE] = capBytes;
		capYoungGeneration(capBytes);
	}
}
