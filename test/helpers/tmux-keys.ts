import type {KeyName} from '../../source/ui/keymap.js';

/** How tmux `send-keys` names a key of the keymap; `literal` keys are sent with -l (so `-` or `$` stay text). */
export function tmuxKey(name: KeyName): {key: string; literal: boolean} {
	const named: Record<string, string> = {
		up: 'Up', down: 'Down', left: 'Left', right: 'Right', pageup: 'PPage', pagedown: 'NPage', home: 'Home', end: 'End',
		enter: 'Enter', escape: 'Escape', backspace: 'BSpace', tab: 'Tab', 'shift-tab': 'BTab', space: 'Space', 'ctrl-c': 'C-c',
	};
	if (named[name]) {
		return {key: named[name], literal: false};
	}

	return {key: name === 'text' ? 'x' : name, literal: true};
}
