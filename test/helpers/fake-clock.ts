import type {ReplayClock} from '../../source/replay/replay-clock.js';

/** A clock that only moves when the test says so. */
export function createFakeClock(): ReplayClock & {advance(ms: number): void; pending(): number; runAll(): void} {
	let now = 0;
	let nextId = 0;
	const timers = new Map<number, {at: number; callback: () => void}>();
	const runDue = () => {
		for (;;) {
			const due = [...timers.entries()].filter(([, timer]) => timer.at <= now).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
			if (!due) {
				return;
			}

			timers.delete(due[0]);
			due[1].callback();
		}
	};

	return {
		now: () => now,
		setTimeout(callback, ms) {
			const id = nextId++;
			timers.set(id, {at: now + Math.max(0, ms), callback});
			return id;
		},
		clearTimeout(handle) {
			timers.delete(handle as number);
		},
		advance(ms) {
			now += ms;
			runDue();
		},
		pending: () => timers.size,
		runAll() {
			for (let guard = 0; timers.size > 0 && guard < 1_000_000; guard++) {
				now = Math.max(now, Math.min(...[...timers.values()].map(timer => timer.at)));
				runDue();
			}
		},
	};
}
