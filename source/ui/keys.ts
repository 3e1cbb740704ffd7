/** Every key binding; the help overlay and the README are made from this table. */
export const KEY_BINDINGS: ReadonlyArray<{keys: string; action: string; where: string}> = [
	{keys: 'j / ↓', action: 'move down', where: 'everywhere'},
	{keys: 'k / ↑', action: 'move up', where: 'everywhere'},
	{keys: 'g / G', action: 'first / last row', where: 'everywhere'},
	{keys: 'Enter', action: 'open a session; on a turn, fold it; on a call or request, its details', where: 'list, timeline'},
	{keys: 'Space / ← →', action: 'fold / unfold the turn', where: 'timeline'},
	{keys: 'Esc / Backspace', action: 'back (details → session → list)', where: 'everywhere'},
	{keys: 'Tab', action: 'next pane (timeline, tokens, decisions)', where: 'session'},
	{keys: '/', action: 'filter by id, model, tool, decision or prompt', where: 'list, timeline'},
	{keys: 'f', action: 'follow the newest live session', where: 'everywhere'},
	{keys: 'r', action: 'replay the selected session', where: 'list, session'},
	{keys: '?', action: 'this help', where: 'everywhere'},
	{keys: 'q / Ctrl-C', action: 'quit', where: 'everywhere'},
];

export const REPLAY_KEY_BINDINGS: ReadonlyArray<{keys: string; action: string; where: string}> = [
	{keys: 'Space', action: 'pause / play', where: 'replay'},
	{keys: '+ / -', action: 'faster / slower', where: 'replay'},
	{keys: '← / →', action: 'one event back / forward', where: 'replay'},
	{keys: '[ / ]', action: 'previous / next turn', where: 'replay'},
	{keys: '0 / $', action: 'start / end', where: 'replay'},
];
