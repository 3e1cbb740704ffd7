import type {SessionHub} from '../hub/session-hub.js';
import type {StoredEvent} from '../store/event-log.js';
import {SYSTEM_CLOCK, type ReplayClock} from './replay-clock.js';
import type {ReplayControls} from '../hub/view-source.js';

export type ReplaySpeed = number | 'max';

/** Speeds `+` and `-` step through. */
export const SPEEDS: readonly ReplaySpeed[] = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 'max'];

/** A pause longer than this in the recording (an idle user) is shortened to it. */
const MAX_GAP_MS = 10_000;
/** At max speed, events applied per tick before yielding to the UI. */
const MAX_SPEED_BATCH = 2000;

export type ReplayPosition = {
	/** Events applied so far (0 = nothing yet); `total` when finished. */
	index: number;
	total: number;
	/** Recording time of the last applied event, from the first event's arrival, pauses over MAX_GAP_MS shortened to it. */
	elapsedMs: number;
	durationMs: number;
	speed: ReplaySpeed;
	playing: boolean;
	/** 1-based turn reached, and how many turns there are. */
	turn: number;
	turns: number;
};

/** The controls the screens' keys drive, and what the replay source itself needs. */
export type ReplayController = ReplayControls & {
	play(): void;
	setSpeed(speed: ReplaySpeed): void;
	position(): ReplayPosition;
	/** More of the recording, read after the replay started (a long session is read while it plays). */
	append(more: readonly StoredEvent[], complete: boolean): void;
	dispose(): void;
};

export type ReplayOptions = {
	/** The recorded events, in arrival order: all of them, or the first ones with `incomplete` set. */
	events: readonly StoredEvent[];
	/** More events follow through `append`; the position shows `expectedTotal` meanwhile. */
	incomplete?: {expectedTotal: number};
	/** Where the replayed events go: the same hub live ingest feeds (reset when stepping back). */
	hub: Pick<SessionHub, 'ingest' | 'reset'>;
	/** Called after every change of position (the hub tells its own changes). */
	onChange: () => void;
	speed?: ReplaySpeed;
	clock?: ReplayClock;
};

/**
 * Plays recorded events into a hub with their original timing (arrival times, scaled by speed), as live
 * ingest feeds one. Stepping back resets it and rebuilds from the start: the reducer is forward-only, and
 * rebuilding 50,000 events takes a fraction of a second.
 */
export function createReplayController(options: ReplayOptions): ReplayController {
	const events = [...options.events];
	const clock = options.clock ?? SYSTEM_CLOCK;
	const turnStarts = events.flatMap((stored, index) => stored.event.kind === 'user_prompt' ? [index] : []);
	let complete = options.incomplete === undefined;
	const expectedTotal = options.incomplete?.expectedTotal ?? 0;
	/** The wait before event `at`: the recorded pause, at most MAX_GAP_MS. */
	function gapBefore(at: number): number {
		return at === 0 ? 0 : Math.min(MAX_GAP_MS, Math.max(0, events[at]!.receivedMs - events[at - 1]!.receivedMs));
	}

	// The replay's own time: the recording's, with every pause longer than MAX_GAP_MS shortened to it, as
	// playing shortens it. A session resumed days later (an imported rollout) is not shown as `0ms/152h19m`.
	const playedMs: number[] = [];
	const addPlayedTimes = () => {
		for (let at = playedMs.length; at < events.length; at++) {
			playedMs.push(at === 0 ? 0 : playedMs[at - 1]! + gapBefore(at));
		}
	};

	addPlayedTimes();
	const {hub} = options;
	let index = 0;
	let speed: ReplaySpeed = options.speed ?? 1;
	let playing = false;
	let timer: unknown;

	const eventsBetween = (from: number, to: number) => events.slice(from, to).map(stored => stored.event);
	const applyUntil = (target: number) => {
		const end = Math.min(target, events.length);
		if (index < end) {
			hub.ingest(eventsBetween(index, end));
			index = end;
		}
	};

	const rebuildTo = (target: number) => {
		index = Math.min(target, events.length);
		hub.reset(eventsBetween(0, index));
	};

	const cancel = () => {
		if (timer !== undefined) {
			clock.clearTimeout(timer);
			timer = undefined;
		}
	};

	/** Applies everything that arrived together, then waits for the next arrival. */
	const tick = () => {
		timer = undefined;
		if (!playing) {
			return;
		}

		if (speed === 'max') {
			applyUntil(index + MAX_SPEED_BATCH);
		} else {
			const batchMs = events[index]?.receivedMs;
			let end = index;
			while (end < events.length && events[end]!.receivedMs === batchMs) {
				end++;
			}

			applyUntil(end);
		}

		// At the end of what is read so far, playing waits for the rest (append resumes it).
		if (index >= events.length && complete) {
			playing = false;
		} else {
			schedule();
		}

		options.onChange();
	};

	const schedule = () => {
		cancel();
		if (!playing || index >= events.length) {
			return;
		}

		timer = clock.setTimeout(tick, speed === 'max' ? 0 : gapBefore(index) / speed);
	};

	const jump = (target: number) => {
		const clamped = Math.max(0, Math.min(events.length, target));
		if (clamped < index) {
			rebuildTo(clamped);
		} else {
			applyUntil(clamped);
		}

		schedule();
		options.onChange();
	};

	const currentTurn = () => {
		let turn = 0;
		for (const start of turnStarts) {
			if (start < index) {
				turn++;
			}
		}

		return turn;
	};

	const changeSpeed = (direction: 1 | -1) => {
		const position = SPEEDS.indexOf(speed);
		const next = position === -1 ? SPEEDS.indexOf(1) : Math.max(0, Math.min(SPEEDS.length - 1, position + direction));
		speed = SPEEDS[next]!;
		schedule();
		options.onChange();
	};

	// Closures, not methods: the key handler may hold any of them unbound.
	const play = () => {
		if (index >= events.length && complete) {
			return;
		}

		playing = true;
		schedule();
		options.onChange();
	};

	const pause = () => {
		playing = false;
		cancel();
		options.onChange();
	};

	return {
		play,
		pause,
		toggle() {
			if (playing) {
				pause();
			} else {
				play();
			}
		},
		setSpeed(next) {
			speed = next;
			schedule();
			options.onChange();
		},
		faster: () => {
			changeSpeed(1);
		},
		slower: () => {
			changeSpeed(-1);
		},
		stepForward: () => {
			jump(index + 1);
		},
		stepBack: () => {
			jump(index - 1);
		},
		nextTurn() {
			const next = turnStarts.find(start => start >= index);
			jump(next === undefined ? events.length : next + 1);
		},
		previousTurn() {
			// From inside turn n go to its start; from a turn's start go to the previous turn's.
			const starts = turnStarts.filter(start => start + 1 < index);
			jump(starts.length > 0 ? starts.at(-1)! + 1 : 0);
		},
		toStart: () => {
			jump(0);
		},
		toEnd: () => {
			jump(events.length);
		},
		position: () => ({
			index,
			total: complete ? events.length : Math.max(expectedTotal, events.length),
			elapsedMs: index === 0 ? 0 : playedMs[index - 1]!,
			durationMs: playedMs.at(-1) ?? 0,
			speed,
			playing,
			turn: currentTurn(),
			turns: turnStarts.length,
		}),
		append(more, done) {
			for (const stored of more) {
				if (stored.event.kind === 'user_prompt') {
					turnStarts.push(events.length);
				}

				events.push(stored);
			}

			addPlayedTimes();
			complete = done;
			// Redrawn when it changes what the screen shows: the end reached, or playing that waited for more.
			const waited = playing && timer === undefined;
			if (waited) {
				schedule();
			}

			if (waited || done) {
				options.onChange();
			}
		},
		dispose: cancel,
	};
}
