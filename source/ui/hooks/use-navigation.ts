import {useReducer} from 'react';

export const PANES = ['timeline', 'tokens', 'decisions'] as const;
export type Pane = (typeof PANES)[number];

export type NavigationState = {
	screen: 'list' | 'session';
	/** Follow mode: the newest live session is shown and the timeline stays on its last row. */
	follow: boolean;
	sessionId: string | null;
	listCursor: number;
	pane: Pane;
	/** The selected timeline row; null while following the last row. */
	timelineCursor: string | null;
	decisionCursor: number;
	collapsed: ReadonlySet<string>;
	detail: boolean;
	help: boolean;
	/** The help overlay's first line shown. */
	helpScroll: number;
	/** The session list's filter. */
	filter: string;
	/** The session timeline's filter. */
	timelineFilter: string;
	/** Which filter the prompt is typing into, if it is open. */
	filtering: false | 'list' | 'timeline';
};

/** What the navigation needs to know of a timeline row. */
export type RowRef = {key: string; turnKey: string; isTurn: boolean};

/** A cursor move: one step, a page, or an end. */
export type Step = 'next' | 'previous' | 'first' | 'last' | 'page-down' | 'page-up';

/**
 * Keys arrive in bursts (a paste, tmux send-keys, a held key) that are handled before React renders again,
 * so moves are relative and resolved here against the current state, never against a stale render.
 */
export type NavigationAction =
	| {type: 'follow'}
	| {type: 'track'; sessionId: string}
	| {type: 'open-session'; sessionId: string}
	| {type: 'back'}
	| {type: 'list-step'; step: Step; length: number}
	| {type: 'list-open'; sessionIds: readonly string[]}
	| {type: 'timeline-step'; step: Step; rows: readonly RowRef[]}
	| {type: 'timeline-activate'; rows: readonly RowRef[]}
	| {type: 'timeline-detail'; rows: readonly RowRef[]}
	| {type: 'timeline-fold'; rows: readonly RowRef[]; collapse?: boolean}
	| {type: 'decision-step'; step: Step; length: number}
	| {type: 'next-pane'; direction: 1 | -1}
	| {type: 'help'; open: boolean}
	| {type: 'help-scroll'; delta: number; max: number}
	| {type: 'filter-start'; target: 'list' | 'timeline'}
	| {type: 'filter-type'; text: string}
	| {type: 'filter-erase'}
	| {type: 'filter-end'; keep: boolean};

export const INITIAL_NAVIGATION: NavigationState = {
	screen: 'list',
	follow: true,
	sessionId: null,
	listCursor: 0,
	pane: 'timeline',
	timelineCursor: null,
	decisionCursor: 0,
	collapsed: new Set(),
	detail: false,
	help: false,
	helpScroll: 0,
	filter: '',
	timelineFilter: '',
	filtering: false,
};

/** Selection, focus, folding and overlays: UI-only state, changed by keys. */
export function navigationReducer(state: NavigationState, action: NavigationAction): NavigationState {
	switch (action.type) {
		case 'follow': {
			return {...state, follow: true, timelineCursor: null, detail: false, help: false};
		}

		case 'track': {
			// Follow mode moved to another session; what was shown stays shown when follow ends.
			return {...state, screen: 'session', sessionId: action.sessionId, collapsed: state.sessionId === action.sessionId ? state.collapsed : new Set()};
		}

		case 'open-session': {
			const same = state.sessionId === action.sessionId;
			return {...state, screen: 'session', sessionId: action.sessionId, follow: false, timelineCursor: same ? state.timelineCursor : null, collapsed: same ? state.collapsed : new Set(), detail: false, decisionCursor: 0};
		}

		case 'back': {
			if (state.help) {
				return {...state, help: false};
			}

			if (state.filtering) {
				return navigationReducer(state, {type: 'filter-end', keep: false});
			}

			if (state.detail) {
				return {...state, detail: false};
			}

			if (state.screen === 'session' && state.timelineFilter) {
				return {...state, timelineFilter: ''};
			}

			return state.screen === 'session' ? {...state, screen: 'list', follow: false} : {...state, filter: ''};
		}

		case 'list-step': {
			return {...state, listCursor: stepIndex(Math.min(state.listCursor, action.length - 1), action.step, action.length), follow: false};
		}

		case 'list-open': {
			const sessionId = action.sessionIds[Math.min(state.listCursor, action.sessionIds.length - 1)];
			return sessionId ? navigationReducer(state, {type: 'open-session', sessionId}) : state;
		}

		case 'timeline-step': {
			const index = stepIndex(timelineIndex(state, action.rows), action.step, action.rows.length);
			return {...state, timelineCursor: action.rows[index]?.key ?? null, follow: false};
		}

		case 'timeline-activate': {
			const row = action.rows[timelineIndex(state, action.rows)];
			if (!row) {
				return state;
			}

			return row.isTurn && !state.detail ? foldTurn(state, row, undefined) : {...state, timelineCursor: row.key, detail: !state.detail, follow: false};
		}

		case 'timeline-detail': {
			const row = action.rows[timelineIndex(state, action.rows)];
			return row ? {...state, timelineCursor: row.key, detail: !state.detail, follow: false} : state;
		}

		case 'timeline-fold': {
			const row = action.rows[timelineIndex(state, action.rows)];
			return row ? foldTurn(state, row, action.collapse) : state;
		}

		case 'decision-step': {
			return {...state, decisionCursor: stepIndex(Math.min(state.decisionCursor, action.length - 1), action.step, action.length), follow: false};
		}

		case 'next-pane': {
			const index = PANES.indexOf(state.pane);
			return {...state, pane: PANES[(index + action.direction + PANES.length) % PANES.length]!, detail: false};
		}

		case 'help': {
			return {...state, help: action.open, helpScroll: 0};
		}

		case 'help-scroll': {
			return {...state, helpScroll: Math.max(0, Math.min(action.max, state.helpScroll + action.delta))};
		}

		case 'filter-start': {
			return {...state, filtering: action.target};
		}

		case 'filter-type':
		case 'filter-erase': {
			const edit = (text: string) => action.type === 'filter-type' ? text + action.text : text.slice(0, -1);
			if (state.filtering === 'timeline') {
				return {...state, timelineFilter: edit(state.timelineFilter), timelineCursor: null};
			}

			return {...state, filter: edit(state.filter), listCursor: 0};
		}

		case 'filter-end': {
			if (state.filtering === 'timeline') {
				return {...state, filtering: false, timelineFilter: action.keep ? state.timelineFilter : ''};
			}

			return {...state, filtering: false, filter: action.keep ? state.filter : ''};
		}

		default: {
			return state;
		}
	}
}

const PAGE = 10;

function stepIndex(current: number, step: Step, length: number): number {
	if (length <= 0) {
		return 0;
	}

	const from = Math.max(0, current);
	const to = {next: from + 1, previous: from - 1, first: 0, last: length - 1, 'page-down': from + PAGE, 'page-up': from - PAGE}[step];
	return Math.max(0, Math.min(length - 1, to));
}

/** The selected row; while following (or before any move) the last one. */
function timelineIndex(state: NavigationState, rows: readonly RowRef[]): number {
	if (state.follow || state.timelineCursor === null) {
		return rows.length - 1;
	}

	const index = rows.findIndex(row => row.key === state.timelineCursor);
	return index === -1 ? rows.length - 1 : index;
}

function foldTurn(state: NavigationState, row: RowRef, collapse: boolean | undefined): NavigationState {
	const collapsed = new Set(state.collapsed);
	if (collapse ?? !collapsed.has(row.turnKey)) {
		collapsed.add(row.turnKey);
	} else {
		collapsed.delete(row.turnKey);
	}

	return {...state, collapsed, timelineCursor: row.turnKey, follow: false};
}

export function useNavigation() {
	return useReducer(navigationReducer, INITIAL_NAVIGATION);
}
