import type {Key} from 'ink';
import type {SessionView} from '../hub/session-view.js';
import type {NavigationAction, NavigationState, RowRef, Step} from './hooks/use-navigation.js';
import {bindingFor, keyName, type CommandName, type Where} from './keymap.js';
import type {ListRow} from './session-list-rows.js';
import type {TimelineRow} from './timeline-rows.js';
import type {ReplayControls} from '../hub/view-source.js';

export type KeyContext = {
	navigation: NavigationState;
	dispatch: (action: NavigationAction) => void;
	screen: 'list' | 'session';
	listRows: readonly ListRow[];
	timelineRows: readonly TimelineRow[];
	view: SessionView | undefined;
	replay: ReplayControls | undefined;
	/** How far the help overlay can scroll. */
	helpMaxScroll: number;
	exit: () => void;
	onReplay: ((conversationId: string) => void) | undefined;
	onLeave: (() => void) | undefined;
};

/** The contexts of the screen shown, most specific first (what `bindingFor` looks a key up in). */
export function screenContexts(navigation: NavigationState, screen: 'list' | 'session', replay: boolean): Where[] {
	if (navigation.help) {
		return ['help'];
	}

	if (navigation.filtering) {
		return ['filter'];
	}

	return [...underlyingContexts(navigation, screen, replay)];
}

/** The screen behind the help overlay or the filter prompt. */
export function underlyingContexts(navigation: NavigationState, screen: 'list' | 'session', replay: boolean): Where[] {
	const base: Where = screen === 'session' && navigation.detail ? 'details' : screen;
	return replay ? ['replay', base] : [base];
}

/**
 * Ink hands over a burst of plain keys (typed fast, pasted, or sent by tmux) as one string, "jj\r":
 * each character is a key of its own, handled in turn.
 */
export function splitBurst(input: string, key: Key): Array<{input: string; key: Key}> {
	if (input.length > 1 && !key.ctrl && !key.meta) {
		return [...input].map(character => ({input: character, key: keyOf(character)}));
	}

	return [{input, key}];
}

/** One key press: its binding on the screen shown, then the binding's command, by name. */
export function handleKey(input: string, key: Key, context: KeyContext): CommandName | undefined {
	const name = keyName(input, key);
	if (name === undefined) {
		return undefined;
	}

	const where = screenContexts(context.navigation, context.screen, context.replay !== undefined);
	const binding = bindingFor(name, where);
	if (!binding) {
		return undefined;
	}

	COMMANDS[binding.command](context, input);
	return binding.command;
}

/** The key flags Ink would have set for a character that arrived alone. */
function keyOf(character: string): Key {
	const key = {
		upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
		return: character === '\r' || character === '\n', escape: character === '\u001B', ctrl: false, shift: /[A-Z]/.test(character),
		tab: character === '\t', backspace: character === '\b', delete: character === '\u007F', meta: false, super: false, hyper: false,
		capsLock: false, numLock: false,
	};
	return key as Key;
}

type Handler = (context: KeyContext, input: string) => void;

const HELP_PAGE = 8;

function cursor(step: Step): Handler {
	return ({navigation, dispatch, screen, listRows, view, timelineRows}) => {
		if (screen === 'list') {
			dispatch({type: 'list-step', step, length: listRows.length});
		} else if (navigation.pane === 'decisions') {
			dispatch({type: 'decision-step', step, length: view?.calls.length ?? 0});
		} else if (navigation.pane === 'timeline' && timelineRows.length > 0) {
			dispatch({type: 'timeline-step', step, rows: rowRefs(timelineRows)});
		}
	};
}

/** A timeline command: only where the timeline has the focus and rows. */
function onTimeline(make: (rows: readonly RowRef[]) => NavigationAction): Handler {
	return ({navigation, dispatch, timelineRows}) => {
		if (navigation.pane === 'timeline' && timelineRows.length > 0) {
			dispatch(make(rowRefs(timelineRows)));
		}
	};
}

/**
 * Once per rows array (a change of the session, a fold, a filter), not per key: at 10,000 requests a copy per `j`
 * was 19,000 objects that React's update queue kept past a scavenge, and most of the old generation's growth.
 */
const refsOfRows = new WeakMap<readonly TimelineRow[], readonly RowRef[]>();

function rowRefs(rows: readonly TimelineRow[]): readonly RowRef[] {
	let refs = refsOfRows.get(rows);
	if (!refs) {
		refs = rows.map(row => ({key: row.key, turnKey: `turn:${row.turn.index}`, isTurn: row.kind === 'turn'}));
		refsOfRows.set(rows, refs);
	}

	return refs;
}

/** A replay control; stepping pauses first, so the step is not played over at once. */
function replay(control: keyof ReplayControls, pauseFirst = false): Handler {
	return ({replay: controls}) => {
		if (!controls) {
			return;
		}

		if (pauseFirst) {
			controls.pause();
		}

		controls[control]();
	};
}

const COMMANDS: Record<CommandName, Handler> = {
	quit: context => {
		context.exit();
	},
	'help.toggle': ({dispatch, navigation}) => {
		dispatch({type: 'help', open: !navigation.help});
	},
	'help.close': ({dispatch}) => {
		dispatch({type: 'help', open: false});
	},
	'help.down': ({dispatch, helpMaxScroll}) => {
		dispatch({type: 'help-scroll', delta: 1, max: helpMaxScroll});
	},
	'help.up': ({dispatch, helpMaxScroll}) => {
		dispatch({type: 'help-scroll', delta: -1, max: helpMaxScroll});
	},
	'help.page-down': ({dispatch, helpMaxScroll}) => {
		dispatch({type: 'help-scroll', delta: HELP_PAGE, max: helpMaxScroll});
	},
	'help.page-up': ({dispatch, helpMaxScroll}) => {
		dispatch({type: 'help-scroll', delta: -HELP_PAGE, max: helpMaxScroll});
	},
	back: ({navigation, dispatch, screen, onLeave}) => {
		if (screen === 'list' && !navigation.filter && onLeave) {
			onLeave();
		} else {
			dispatch({type: 'back'});
		}
	},
	follow: ({dispatch}) => {
		dispatch({type: 'follow'});
	},
	'filter.start': ({dispatch, screen}) => {
		dispatch({type: 'filter-start', target: screen === 'list' ? 'list' : 'timeline'});
	},
	'filter.type': ({dispatch}, input) => {
		dispatch({type: 'filter-type', text: input});
	},
	'filter.erase': ({dispatch}) => {
		dispatch({type: 'filter-erase'});
	},
	'filter.accept': ({dispatch}) => {
		dispatch({type: 'filter-end', keep: true});
	},
	'filter.cancel': ({dispatch}) => {
		dispatch({type: 'filter-end', keep: false});
	},
	'cursor.down': cursor('next'),
	'cursor.up': cursor('previous'),
	'cursor.first': cursor('first'),
	'cursor.last': cursor('last'),
	'cursor.page-down': cursor('page-down'),
	'cursor.page-up': cursor('page-up'),
	open(context) {
		if (context.screen === 'list') {
			context.dispatch({type: 'list-open', sessionIds: context.listRows.map(row => row.summary.conversationId)});
		} else {
			onTimeline(rows => ({type: 'timeline-activate', rows}))(context, '');
		}
	},
	'details.toggle': onTimeline(rows => ({type: 'timeline-detail', rows})),
	'fold.toggle': onTimeline(rows => ({type: 'timeline-fold', rows})),
	'fold.collapse': onTimeline(rows => ({type: 'timeline-fold', rows, collapse: true})),
	'fold.expand': onTimeline(rows => ({type: 'timeline-fold', rows, collapse: false})),
	'pane.next': ({dispatch}) => {
		dispatch({type: 'next-pane', direction: 1});
	},
	'pane.previous': ({dispatch}) => {
		dispatch({type: 'next-pane', direction: -1});
	},
	'replay.open'({screen, navigation, listRows, view, onReplay}) {
		if (!onReplay) {
			return;
		}

		const id = screen === 'list' ? listRows[Math.min(navigation.listCursor, listRows.length - 1)]?.summary.conversationId : view?.conversationId;
		if (id) {
			onReplay(id);
		}
	},
	'replay.toggle': replay('toggle'),
	'replay.faster': replay('faster'),
	'replay.slower': replay('slower'),
	'replay.step-back': replay('stepBack', true),
	'replay.step-forward': replay('stepForward', true),
	'replay.previous-turn': replay('previousTurn', true),
	'replay.next-turn': replay('nextTurn', true),
	'replay.to-start': replay('toStart'),
	'replay.to-end': replay('toEnd'),
};

/** Every command the keymap may name (the keymap test checks each is bound). */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
