import {useSyncExternalStore} from 'react';
import type {ViewSnapshot, ViewSource} from '../../hub/view-source.js';

/** The source's current snapshot; re-renders when it changes (the hub already coalesces bursts). */
export function useViewSnapshot(source: ViewSource): ViewSnapshot {
	return useSyncExternalStore(source.subscribe, source.getSnapshot);
}
