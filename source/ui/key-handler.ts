import type {Key} from 'ink';
import type {Session} from '../model/session.js';
import type {NavigationAction, NavigationState, Step} from './hooks/use-navigation.js';
import type {ListRow} from './session-list-rows.js';
import type {TimelineRow} from './timeline-rows.js';
import type {ReplayControls} from './view-source.js';

export type KeyContext = {
	navigation: NavigationState;
	dispatch: (action: NavigationAction) => void;
	screen: 'list' | 'session';
	listRows: readonly ListRow[];
	timelineRows: readonly TimelineRow[];
	session: Session | undefined;
	replay: ReplayControls | undefined;
	exit: () => void;
	onReplay: ((conversationId: string) => void) | undefined;
	onLeave: (() => void) | undefined;
};

/**
 * One key press → navigation actions (or replay controls). Keys follow vim, less and the tools people know.
 * @NOTE Ink hands over a burst of plain keys (typed fast, pasted, or sent by tmux) as one string, "jj\r":
 * each character is a key of its own.
 */
export function handleKey(input: string, key: Key, context: KeyContext): void {
	if (input.length > 1 && !key.ctrl && !key.meta) {
		for (const character of input) {
			handleKey(character, keyOf(character), context);
		}

		return;
	}

	handleOneKey(input, key, context);
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

function handleOneKey(input: string, key: Key, context: KeyContext): void {
	const {navigation, dispatch} = context;
	if (navigation.filtering) {
		handleFilterKey(input, key, context);
		return;
	}

	if (input === 'q') {
		context.exit();
		return;
	}

	if (input === '?') {
		dispatch({type: 'help', open: !navigation.help});
		return;
	}

	if (key.escape || key.backspace || key.delete) {
		if (!navigation.help && !navigation.detail && !navigation.filter && context.screen === 'list' && context.onLeave) {
			context.onLeave();
			return;
		}

		dispatch({type: 'back'});
		return;
	}

	if (navigation.help) {
		return;
	}

	if (context.replay && handleReplayKey(input, key, context.replay)) {
		return;
	}

	if (input === 'f') {
		dispatch({type: 'follow'});
		return;
	}

	if (input === '/') {
		dispatch({type: 'filter-start'});
		return;
	}

	if (context.screen === 'list') {
		handleListKey(input, key, context);
	} else {
		handleSessionKey(input, key, context);
	}
}

function handleFilterKey(input: string, key: Key, {dispatch}: KeyContext): void {
	if (key.escape) {
		dispatch({type: 'filter-end', keep: false});
	} else if (key.return) {
		dispatch({type: 'filter-end', keep: true});
	} else if (key.backspace || key.delete) {
		dispatch({type: 'filter-erase'});
	} else if (input && !key.ctrl && !key.meta) {
		dispatch({type: 'filter-type', text: input});
	}
}

function handleReplayKey(input: string, key: Key, replay: ReplayControls): boolean {
	const actions: Record<string, () => void> = {
		' ': replay.toggle,
		'+': replay.faster,
		'=': replay.faster,
		'-': replay.slower,
		'[': replay.previousTurn,
		']': replay.nextTurn,
		'0': replay.toStart,
		$: replay.toEnd,
	};
	if (key.leftArrow) {
		replay.stepBack();
		return true;
	}

	if (key.rightArrow) {
		replay.stepForward();
		return true;
	}

	const action = actions[input];
	action?.();
	return action !== undefined;
}

/** The cursor step a key asks for, if any. */
function stepOf(input: string, key: Key): Step | undefined {
	if (input === 'j' || key.downArrow) {
		return 'next';
	}

	if (input === 'k' || key.upArrow) {
		return 'previous';
	}

	if (input === 'g' || key.home) {
		return 'first';
	}

	if (input === 'G' || key.end) {
		return 'last';
	}

	if (key.pageDown) {
		return 'page-down';
	}

	return key.pageUp ? 'page-up' : undefined;
}

function handleListKey(input: string, key: Key, {navigation, dispatch, listRows, onReplay}: KeyContext): void {
	const step = stepOf(input, key);
	if (step) {
		dispatch({type: 'list-step', step, length: listRows.length});
		return;
	}

	if (key.return) {
		dispatch({type: 'list-open', sessionIds: listRows.map(row => row.summary.conversationId)});
	} else if (input === 'r' && onReplay) {
		const selected = listRows[Math.min(navigation.listCursor, listRows.length - 1)];
		if (selected) {
			onReplay(selected.summary.conversationId);
		}
	}
}

function handleSessionKey(input: string, key: Key, context: KeyContext): void {
	const {navigation, dispatch, timelineRows, session} = context;
	if (key.tab) {
		dispatch({type: 'next-pane', direction: key.shift ? -1 : 1});
		return;
	}

	if (input === 'r' && session && context.onReplay) {
		context.onReplay(session.conversationId);
		return;
	}

	const step = stepOf(input, key);
	if (navigation.pane === 'decisions') {
		if (step) {
			dispatch({type: 'decision-step', step, length: session?.toolCalls.size ?? 0});
		}

		return;
	}

	if (navigation.pane !== 'timeline' || timelineRows.length === 0) {
		return;
	}

	const rows = timelineRows.map(row => ({key: row.key, turnKey: `turn:${row.turn.index}`, isTurn: row.kind === 'turn'}));
	if (step) {
		dispatch({type: 'timeline-step', step, rows});
	} else if (key.return) {
		dispatch({type: 'timeline-activate', rows});
	} else if (input === 'd' || input === 'i') {
		dispatch({type: 'timeline-detail', rows});
	} else if (input === ' ') {
		dispatch({type: 'timeline-fold', rows});
	} else if (input === 'h' || key.leftArrow) {
		dispatch({type: 'timeline-fold', rows, collapse: true});
	} else if (input === 'l' || key.rightArrow) {
		dispatch({type: 'timeline-fold', rows, collapse: false});
	}
}
