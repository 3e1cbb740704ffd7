import type {Pane} from './hooks/use-navigation.js';

export type SessionLayout = {
	/** Panes shown at once; on a small screen only the focused one. */
	stacked: boolean;
	timelineHeight: number;
	bottomHeight: number;
	bottomLeftWidth: number;
	bottomRightWidth: number;
	single: Pane | undefined;
};

/** Below this the panes do not fit side by side and one pane (Tab cycles) fills the body. */
const MIN_STACKED_COLUMNS = 80;
const MIN_STACKED_ROWS = 24;
const MAX_BOTTOM_ROWS = 12;

/** How the session screen divides `columns` x `bodyRows` (what is left under the header and banner). */
export function sessionLayout(columns: number, bodyRows: number, focused: Pane): SessionLayout {
	if (columns < MIN_STACKED_COLUMNS || bodyRows < MIN_STACKED_ROWS - 5) {
		return {stacked: false, timelineHeight: bodyRows, bottomHeight: 0, bottomLeftWidth: 0, bottomRightWidth: 0, single: focused};
	}

	const bottomHeight = Math.min(MAX_BOTTOM_ROWS, Math.max(6, Math.floor(bodyRows * 0.38)));
	const bottomLeftWidth = Math.floor((columns - 1) / 2);
	return {stacked: true, timelineHeight: bodyRows - bottomHeight, bottomHeight, bottomLeftWidth, bottomRightWidth: columns - 1 - bottomLeftWidth, single: undefined};
}
