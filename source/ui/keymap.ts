import type {Key} from 'ink';

/**
 * Where a key applies. `details` is a session screen with a row's details open, `filter` the filter prompt
 * (on the list or a session), `help` the key overlay, `replay` any screen of a replay.
 */
export type Where = 'list' | 'session' | 'details' | 'replay' | 'help' | 'filter';

/** A key by name, as `keyName` reads it from Ink; `text` is any printable character. */
export type KeyName =
	| 'up' | 'down' | 'left' | 'right' | 'pageup' | 'pagedown' | 'home' | 'end'
	| 'enter' | 'escape' | 'backspace' | 'tab' | 'shift-tab' | 'space' | 'ctrl-c' | 'text'
	| (string & {});

export type KeyBinding = {
	/** The keys, by name; the first is the one shown first. */
	keys: readonly KeyName[];
	/** The screens it applies on. */
	where: readonly Where[];
	/** A command of `source/ui/commands.ts`, by name. */
	command: CommandName;
	help: string;
};

export type CommandName =
	| 'quit' | 'help.toggle' | 'help.close' | 'help.down' | 'help.up' | 'help.page-down' | 'help.page-up'
	| 'back' | 'follow' | 'filter.start' | 'filter.type' | 'filter.erase' | 'filter.accept' | 'filter.cancel'
	| 'cursor.down' | 'cursor.up' | 'cursor.first' | 'cursor.last' | 'cursor.page-down' | 'cursor.page-up'
	| 'open' | 'fold.toggle' | 'fold.collapse' | 'fold.expand' | 'details.toggle' | 'pane.next' | 'pane.previous' | 'replay.open'
	| 'replay.toggle' | 'replay.faster' | 'replay.slower' | 'replay.step-back' | 'replay.step-forward'
	| 'replay.previous-turn' | 'replay.next-turn' | 'replay.to-start' | 'replay.to-end';

const BROWSE: readonly Where[] = ['list', 'session', 'details'];
const SESSION: readonly Where[] = ['session', 'details'];

/**
 * Every key binding, in the order the help overlay and the README list them. The key handler, the `?`
 * overlay and the README's key table are all made from this table (a test checks the README).
 * The first binding that matches the key on the screen wins; `replay` and `filter` come first.
 */
export const KEYMAP: readonly KeyBinding[] = [
	{keys: ['text'], where: ['filter'], command: 'filter.type', help: 'type the filter (id, model, tool, decision, prompt)'},
	{keys: ['backspace'], where: ['filter'], command: 'filter.erase', help: 'erase a character'},
	{keys: ['enter'], where: ['filter'], command: 'filter.accept', help: 'keep the filter'},
	{keys: ['escape'], where: ['filter'], command: 'filter.cancel', help: 'clear the filter'},
	{keys: ['ctrl-c'], where: ['filter'], command: 'quit', help: 'quit'},
	{keys: ['escape', '?'], where: ['help'], command: 'help.close', help: 'close this help'},
	{keys: ['j', 'down'], where: ['help'], command: 'help.down', help: 'scroll down'},
	{keys: ['k', 'up'], where: ['help'], command: 'help.up', help: 'scroll up'},
	{keys: ['pagedown', 'space'], where: ['help'], command: 'help.page-down', help: 'page down'},
	{keys: ['pageup'], where: ['help'], command: 'help.page-up', help: 'page up'},
	{keys: ['q', 'ctrl-c'], where: ['help'], command: 'quit', help: 'quit'},
	{keys: ['space'], where: ['replay'], command: 'replay.toggle', help: 'pause / play the replay'},
	{keys: ['+', '='], where: ['replay'], command: 'replay.faster', help: 'replay faster'},
	{keys: ['-'], where: ['replay'], command: 'replay.slower', help: 'replay slower'},
	{keys: ['left'], where: ['replay'], command: 'replay.step-back', help: 'pause, one event back'},
	{keys: ['right'], where: ['replay'], command: 'replay.step-forward', help: 'pause, one event forward'},
	{keys: ['['], where: ['replay'], command: 'replay.previous-turn', help: 'pause, previous turn'},
	{keys: [']'], where: ['replay'], command: 'replay.next-turn', help: 'pause, next turn'},
	{keys: ['0'], where: ['replay'], command: 'replay.to-start', help: 'replay from the start'},
	{keys: ['$'], where: ['replay'], command: 'replay.to-end', help: 'jump to the end'},
	{keys: ['j', 'down'], where: BROWSE, command: 'cursor.down', help: 'move down'},
	{keys: ['k', 'up'], where: BROWSE, command: 'cursor.up', help: 'move up'},
	{keys: ['g', 'home'], where: BROWSE, command: 'cursor.first', help: 'first row'},
	{keys: ['G', 'end'], where: BROWSE, command: 'cursor.last', help: 'last row'},
	{keys: ['pagedown'], where: BROWSE, command: 'cursor.page-down', help: 'page down'},
	{keys: ['pageup'], where: BROWSE, command: 'cursor.page-up', help: 'page up'},
	{keys: ['enter'], where: ['list'], command: 'open', help: 'open the session'},
	{keys: ['enter'], where: SESSION, command: 'open', help: 'on a turn fold it, on a call or request its details'},
	{keys: ['d', 'i'], where: SESSION, command: 'details.toggle', help: 'details of the row on / off'},
	{keys: ['space'], where: SESSION, command: 'fold.toggle', help: 'fold / unfold the turn'},
	{keys: ['h', 'left'], where: SESSION, command: 'fold.collapse', help: 'fold the turn'},
	{keys: ['l', 'right'], where: SESSION, command: 'fold.expand', help: 'unfold the turn'},
	{keys: ['tab'], where: ['session'], command: 'pane.next', help: 'next pane (timeline, tokens, decisions)'},
	{keys: ['shift-tab'], where: ['session'], command: 'pane.previous', help: 'previous pane'},
	{keys: ['/'], where: BROWSE, command: 'filter.start', help: 'filter the list or the timeline'},
	{keys: ['f'], where: BROWSE, command: 'follow', help: 'follow the newest live session'},
	{keys: ['r'], where: ['list', 'session'], command: 'replay.open', help: 'replay the selected session'},
	{keys: ['escape', 'backspace'], where: ['details'], command: 'back', help: 'close the details'},
	{keys: ['escape', 'backspace'], where: ['session'], command: 'back', help: 'back to the list'},
	{keys: ['escape', 'backspace'], where: ['list'], command: 'back', help: 'clear the filter; in a replay, back to live'},
	{keys: ['?'], where: BROWSE, command: 'help.toggle', help: 'this help'},
	{keys: ['q', 'ctrl-c'], where: BROWSE, command: 'quit', help: 'quit'},
];

/** The name of a key Ink reported, or undefined for one codexmon has no use for. */
export function keyName(input: string, key: Key): KeyName | undefined {
	if (key.ctrl && input === 'c') {
		return 'ctrl-c';
	}

	const named: Array<[boolean, KeyName]> = [
		[key.upArrow, 'up'], [key.downArrow, 'down'], [key.leftArrow, 'left'], [key.rightArrow, 'right'],
		[key.pageUp, 'pageup'], [key.pageDown, 'pagedown'], [key.home, 'home'], [key.end, 'end'],
		[key.return, 'enter'], [key.escape, 'escape'], [key.backspace || key.delete, 'backspace'],
		[key.tab && key.shift, 'shift-tab'], [key.tab, 'tab'],
	];
	const found = named.find(([pressed]) => pressed);
	// Ink marks Esc (and Alt-combinations) as meta; only the named keys are taken with it.
	if (found && !key.ctrl) {
		return found[1];
	}

	if (key.ctrl || key.meta) {
		return undefined;
	}

	if (input === ' ') {
		return 'space';
	}

	return input.length === 1 && input >= ' ' ? input : undefined;
}

/** The binding a key has on a screen: `where` lists the screen's contexts, most specific first. */
export function bindingFor(name: KeyName, where: readonly Where[]): KeyBinding | undefined {
	for (const context of where) {
		const binding = KEYMAP.find(candidate => candidate.where.includes(context) && candidate.keys.includes(name));
		if (binding) {
			return binding;
		}

		if (context === 'filter' && (name.length === 1 || name === 'space')) {
			return KEYMAP.find(candidate => candidate.command === 'filter.type');
		}

		// The filter prompt and the help overlay take every key: nothing behind them reacts.
		if (context === 'filter' || context === 'help') {
			return undefined;
		}
	}

	return undefined;
}

/** How a key name is written for people. */
export function keyLabel(name: KeyName): string {
	const labels: Record<string, string> = {
		up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', home: 'Home', end: 'End', enter: 'Enter',
		escape: 'Esc', backspace: 'Backspace', tab: 'Tab', 'shift-tab': 'Shift-Tab', space: 'Space', 'ctrl-c': 'Ctrl-C', text: 'any key',
	};
	return labels[name] ?? name;
}

/** The bindings that apply on a screen (its contexts), in keymap order, each once. */
export function bindingsOn(where: readonly Where[]): KeyBinding[] {
	const shown: KeyBinding[] = [];
	const taken = new Set<string>();
	for (const binding of KEYMAP) {
		if (!binding.where.some(context => where.includes(context))) {
			continue;
		}

		// A key a more specific context binds (Space in a replay) is not listed again for the screen behind it.
		const keys = binding.keys.filter(name => !taken.has(name) && bindingFor(name, where) === binding);
		if (keys.length === 0) {
			continue;
		}

		for (const name of keys) {
			taken.add(name);
		}

		shown.push({...binding, keys});
	}

	return shown;
}

/** The README's key table, made from the keymap. */
export function keymapMarkdown(): string {
	const lines = ['| keys | where | what it does |', '|---|---|---|'];
	for (const binding of KEYMAP) {
		lines.push(`| ${binding.keys.map(name => `\`${keyLabel(name)}\``).join(' ')} | ${binding.where.join(', ')} | ${binding.help} |`);
	}

	return lines.join('\n');
}
