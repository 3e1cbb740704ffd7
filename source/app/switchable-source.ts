import type {ViewSnapshot, ViewSource} from '../hub/view-source.js';

export type SwitchableSource = {
	/** One source for the screens whose data comes from `current`, whichever that is now. */
	source: ViewSource;
	switchTo(next: ViewSource): void;
};

/**
 * A view source that can change underneath the screens: a viewer that takes over the receiver keeps its
 * screens, cursor and keys, and shows the new source's data from the next frame on. Versions keep
 * increasing across a switch (the new hub counts from 0 again), so nothing memoised on one is kept.
 */
export function createSwitchableSource(initial: ViewSource): SwitchableSource {
	let current = initial;
	const listeners = new Set<() => void>();
	const notify = () => {
		for (const listener of listeners) {
			listener();
		}
	};

	let unsubscribe = current.subscribe(notify);
	let version = 0;
	let seen: ViewSnapshot | undefined;
	let wrapped: ViewSnapshot | undefined;
	const source: ViewSource = {
		subscribe(listener) {
			listeners.add(listener);
			return () => {
				listeners.delete(listener);
			};
		},
		getSnapshot() {
			const snapshot = current.getSnapshot();
			if (snapshot !== seen || !wrapped) {
				seen = snapshot;
				wrapped = {...snapshot, version: ++version};
			}

			return wrapped;
		},
		loadSession: conversationId => current.loadSession(conversationId),
		get prices() {
			return current.prices;
		},
		get info() {
			return current.info;
		},
		dispose() {
			unsubscribe();
			current.dispose?.();
		},
	};
	return {
		source,
		switchTo(next) {
			unsubscribe();
			current = next;
			seen = undefined;
			unsubscribe = current.subscribe(notify);
			notify();
		},
	};
}
