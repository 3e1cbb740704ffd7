import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {COMMAND_NAMES} from '../../source/ui/key-handler.js';
import {readWriterLock} from '../../source/store/writer-lock.js';
import {bindingsOn, KEYMAP, type CommandName, type KeyName, type Where} from '../../source/ui/keymap.js';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, startServe, temporaryDirectory} from '../helpers/cli.js';
import {tmuxKey} from '../helpers/tmux-keys.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

/**
 * Every key of the keymap, pressed on every screen it applies on, in the built CLI in a real terminal:
 * codexmon must stay alive and the screen must change as the keymap says.
 */
const SIZE = {columns: 80, rows: 24};
const directory = temporaryDirectory();
type Terminal = ReturnType<typeof startTmux>;
const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});
const db = path.join(directory, 'keys.db');

beforeAll(async () => {
	const served = await startServe(['--db', db]);
	for (const name of ['exec-tool', 'exec-loop', 'exec-fail'] as const) {
		await postCapture(served.url, loadCapture(name));
	}

	// Spread over seconds as Codex sent it, so its replay at 1x is still playing while keys are pressed.
	for (const request of loadCapture('tui-session')) {
		await postCapture(served.url, [request]);
		await sleep(150);
	}

	await served.stop();
});

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});


function press(terminal: Terminal, name: KeyName): void {
	const {key, literal} = tmuxKey(name);
	if (literal) {
		terminal.type(key);
	} else {
		terminal.keys(key);
	}
}

/**
 * Waits until the screen has not changed for 300 ms (bounded: a playing replay never stops). A key still queued
 * behind a slow frame on a loaded machine must not be taken for a screen at rest.
 */
async function settle(terminal: Terminal): Promise<string> {
	let last = terminal.capture();
	let still = 0;
	for (let index = 0; index < 40 && still < 5; index++) {
		await sleep(60);
		const next = terminal.capture();
		still = next === last ? still + 1 : 0;
		last = next;
	}

	return last;
}

const isHome = (screen: string) => /sessions \(4\)/.test(screen) && !/replay|keys here/.test(screen);
const statusLine = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
const replayNumbers = (screen: string) => {
	const match = /(\d+(?:\.\d+)?x|max) event (\d+)\/(\d+) .* turn (\d+)\//.exec(statusLine(screen));
	return match ? {speed: match[1] === 'max' ? Infinity : Number.parseFloat(match[1]!), index: Number(match[2]), total: Number(match[3]), turn: Number(match[4])} : undefined;
};

const paused = (screen: string) => statusLine(screen).includes('replay paused');
const playing = (screen: string) => statusLine(screen).includes('▶ replay');

type Check = {prepare?: readonly KeyName[]; prepareOn?: Partial<Record<Where, readonly KeyName[]>>; ready?: (screen: string) => boolean; expect?: (before: string, after: string) => boolean; note: string};

/** What each command must visibly do; `changed` unless said otherwise. */
const CHECKS: Record<CommandName, Check> = {
	quit: {note: 'codexmon exits'},
	'help.toggle': {expect: (_before, after) => after.includes('keys here'), note: 'the key overlay opens'},
	'help.close': {expect: (before, after) => before.includes('keys here') && !after.includes('keys here'), note: 'the overlay closes'},
	'help.down': {note: 'scrolls one line'},
	'help.up': {prepare: ['j', 'j'], note: 'scrolls back'},
	'help.page-down': {note: 'scrolls a page'},
	'help.page-up': {prepare: ['pagedown'], note: 'scrolls a page back'},
	back: {prepareOn: {list: ['/', 'e', 'enter']}, note: 'one screen back (on the list: the filter cleared)'},
	follow: {expect: (_before, after) => statusLine(after).includes('follow'), note: 'follow mode on'},
	'filter.start': {expect: (_before, after) => /filter( timeline)?: ▏/.test(after), note: 'the filter prompt shows'},
	'filter.type': {note: 'the text appears in the prompt'},
	'filter.erase': {prepare: ['e'], note: 'a character is erased'},
	'filter.accept': {prepare: ['e'], expect: (before, after) => before.includes('▏') && !after.includes('▏'), note: 'the prompt closes, the filter stays'},
	'filter.cancel': {prepare: ['e'], expect: (before, after) => before.includes('▏') && !after.includes('▏'), note: 'the prompt closes'},
	'cursor.down': {prepare: ['g'], note: 'the cursor moves down'},
	'cursor.up': {prepare: ['G'], note: 'the cursor moves up'},
	'cursor.first': {prepare: ['G'], note: 'the cursor goes to the first row'},
	'cursor.last': {prepare: ['g'], note: 'the cursor goes to the last row'},
	'cursor.page-down': {prepare: ['g'], note: 'the cursor moves a page down'},
	'cursor.page-up': {prepare: ['G'], note: 'the cursor moves a page up'},
	open: {note: 'the session opens, or the turn folds / the details open'},
	'details.toggle': {note: 'the details open or close'},
	'fold.toggle': {prepare: ['g'], note: 'the turn folds or unfolds'},
	'fold.collapse': {prepare: ['g', 'l'], note: 'the turn folds'},
	'fold.expand': {prepare: ['g', 'h'], note: 'the turn unfolds'},
	'pane.next': {note: 'the next pane has the focus'},
	'pane.previous': {note: 'the previous pane has the focus'},
	'replay.open': {expect: (_before, after) => statusLine(after).includes('replay'), note: 'the replay starts'},
	'replay.toggle': {expect: (before, after) => paused(before) !== paused(after), note: 'pause / play'},
	'replay.faster': {expect: (before, after) => replayNumbers(after)!.speed > replayNumbers(before)!.speed, note: 'faster'},
	'replay.slower': {expect: (before, after) => replayNumbers(after)!.speed < replayNumbers(before)!.speed, note: 'slower'},
	// Stepping while it plays pauses first (it used to be played over at once).
	// Stepping while it plays pauses first (it used to be played over at once); tmux-replay checks the steps themselves.
	'replay.step-back': {prepare: [']', '-', 'space'], ready: playing, expect: (before, after) => !paused(before) && paused(after), note: 'pauses, one event back'},
	'replay.step-forward': {prepare: ['-', 'space'], ready: playing, expect: (before, after) => !paused(before) && paused(after), note: 'pauses, one event on'},
	'replay.previous-turn': {prepare: [']', ']', '-', 'space'], ready: playing, expect: (before, after) => !paused(before) && paused(after), note: 'pauses, a turn back'},
	'replay.next-turn': {prepare: ['-', 'space'], ready: playing, expect: (before, after) => !paused(before) && paused(after), note: 'pauses, a turn on'},
	'replay.to-start': {prepare: [']', ']', ']'], expect: (before, after) => replayNumbers(after)!.index < replayNumbers(before)!.index, note: 'back to the start'},
	'replay.to-end': {expect: (_before, after) => replayNumbers(after)!.index === replayNumbers(after)!.total, note: 'to the end'},
};

const STAYS = new Set<CommandName>(['cursor.down', 'cursor.up', 'cursor.first', 'cursor.last', 'cursor.page-down', 'cursor.page-up', 'help.down', 'help.up', 'help.page-down', 'help.page-up', 'filter.type', 'filter.erase', 'pane.next', 'pane.previous', 'replay.faster', 'replay.slower']);

/** How each screen is reached from the live list (keys, then what shows it is there). */
const SCREENS: Record<Where, {contexts: Where[]; steps: Array<{keys: KeyName[] | string; until: (screen: string) => boolean}>}> = {
	list: {contexts: ['list'], steps: [{keys: ['g', 'j'], until: isHome}]},
	filter: {contexts: ['filter'], steps: [{keys: ['/'], until: screen => screen.includes('filter: ▏')}]},
	session: {contexts: ['session'], steps: [{keys: '/8886\r\r', until: screen => screen.includes('tool decisions (12)')}, {keys: ['g', 'j'], until: () => true}]},
	details: {contexts: ['details'], steps: [{keys: '/8886\r\r', until: screen => screen.includes('tool decisions (12)')}, {keys: ['g', 'j', 'd'], until: screen => !screen.includes('tool decisions (12)')}]},
	replay: {contexts: ['replay', 'session'], steps: [{keys: '/8886\r\r', until: screen => screen.includes('tool decisions (12)')}, {keys: ['r'], until: screen => statusLine(screen).includes('replay')}, {keys: ['0', ']', ']', ']'], until: screen => paused(screen) && screen.includes('turn 3/')}]},
	help: {contexts: ['help'], steps: [{keys: '/8886\r\r', until: screen => screen.includes('tool decisions (12)')}, {keys: ['r', '?'], until: screen => screen.includes('keys here')}]},
};

describe.skipIf(!HAS_TMUX)('every key of the keymap on every screen, in tmux', () => {
	test('each command has a check, and the keymap names only commands that exist', () => {
		for (const binding of KEYMAP) {
			expect(COMMAND_NAMES).toContain(binding.command);
		}

		expect(Object.keys(CHECKS).sort()).toEqual([...COMMAND_NAMES].sort());
	});

	test('all keys, all screens: alive, and the screen changes as the keymap says', async () => {
		let terminal = start();
		const failures: string[] = [];
		let pressed = 0;
		let there = false;
		try {
			await waitForScreen(terminal.capture, isHome, 20_000);
			for (const [screenName, screen] of Object.entries(SCREENS)) {
				for (const binding of bindingsOn(screen.contexts)) {
					for (const name of binding.keys) {
						// Ctrl-C and q quit; that is checked once per screen, last.
						if (binding.command === 'quit') {
							continue;
						}

						// A terminal under load may merge an Esc with the key after it (Alt-key): one retry, from the start.
						let outcome = await pressAndCheck(terminal, screen.steps, binding.command, name, screenName as Where, there);
						if (outcome.failure && terminal.isAlive()) {
							outcome = await pressAndCheck(terminal, screen.steps, binding.command, name, screenName as Where, false);
						}

						pressed++;
						there = STAYS.has(binding.command) && !outcome.failure;
						if (outcome.failure) {
							failures.push(outcome.failure);
						}

						if (!terminal.isAlive()) {
							terminal = await restart(terminal);
						}
					}
				}

				there = false;
				for (const binding of bindingsOn(screen.contexts).filter(binding => binding.command === 'quit')) {
					for (const name of binding.keys) {
						await goTo(terminal, screen.steps);
						press(terminal, name);
						pressed++;
						const quit = async () => waitForScreen(() => terminal.isAlive() ? 'alive' : 'gone', text => text === 'gone', 15_000).then(() => true, () => false);
						if (!await quit()) {
							// One retry, as above: the key may have been merged with the one before it.
							await goTo(terminal, screen.steps);
							press(terminal, name);
							if (!await quit()) {
								failures.push(`${screenName}: ${name} did not quit`);
							}
						}

						terminal = await restart(terminal);
					}
				}
			}
		} finally {
			terminal.kill();
		}

		expect(failures).toEqual([]);
		expect(pressed).toBeGreaterThan(60);
	}, 600_000);
});

/** Goes to the screen (unless there already), prepares, presses the key, and checks what the keymap says. */
async function pressAndCheck(terminal: Terminal, steps: Array<{keys: KeyName[] | string; until: (screen: string) => boolean}>, command: CommandName, name: KeyName, screenName: Where, there: boolean): Promise<{failure?: string}> {
	if (!there) {
		await goTo(terminal, steps);
	}

	const check = CHECKS[command];
	for (const key of check.prepareOn?.[screenName] ?? check.prepare ?? []) {
		press(terminal, key);
	}

	// Under load a half-done prepare can look still for a moment: wait for what it must show.
	if (check.ready) {
		await waitForScreen(terminal.capture, check.ready);
	}

	const before = await settle(terminal);
	press(terminal, name);
	const matches = check.expect ?? ((earlier: string, later: string) => earlier !== later);
	let after = terminal.capture();
	const deadline = Date.now() + 5000;
	while (!matches(before, after) && Date.now() < deadline && terminal.isAlive()) {
		await sleep(50);
		after = terminal.capture();
	}

	if (!terminal.isAlive()) {
		return {failure: `${screenName}: ${name} (${command}) killed codexmon`};
	}

	return matches(before, after) ? {} : {failure: `${screenName}: ${name} (${command}) should have: ${check.note}\n--- before\n${before}\n--- after\n${after}`};
}

/** A new codexmon once the old one has let go of the database (else the new one would be its viewer). */
async function restart(terminal: Terminal): Promise<Terminal> {
	terminal.kill();
	await waitForScreen(() => readWriterLock(db) ? 'held' : 'free', text => text === 'free');
	const next = start();
	await waitForScreen(next.capture, isHome, 20_000);
	return next;
}

function start(): Terminal {
	return startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db}`, SIZE);
}

/** Back to the live list (Esc until it shows), then the steps to the screen. */
async function goTo(terminal: Terminal, steps: Array<{keys: KeyName[] | string; until: (screen: string) => boolean}>): Promise<void> {
	for (let attempt = 0; !isHome(await settle(terminal)); attempt++) {
		if (attempt > 8) {
			throw new Error(`could not get back to the list:\n${terminal.capture()}`);
		}

		terminal.keys('Escape');
	}

	for (const step of steps) {
		if (typeof step.keys === 'string') {
			terminal.type(step.keys);
		} else {
			// One key after the other without waiting: each sees what the one before did.
			for (const key of step.keys) {
				press(terminal, key);
			}
		}

		await waitForScreen(terminal.capture, step.until, 10_000);
	}
}
