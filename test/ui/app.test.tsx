import {stripVTControlCharacters} from 'node:util';
import {render} from 'ink-testing-library';
import {describe, expect, test, vi} from 'vitest';
import {createEngine} from '../../source/app/create-engine.js';
import {resolveConfig} from '../../source/config.js';
import {App} from '../../source/ui/app.js';
import {eventsOfCapture} from '../helpers/pipeline.js';
import {viewSourceOf} from '../helpers/view-source.js';

const tick = async () => new Promise(resolve => {
	setTimeout(resolve, 30);
});

function renderApp(name: Parameters<typeof eventsOfCapture>[0] | undefined, size: {columns: number; rows: number}) {
	const source = viewSourceOf(name ? eventsOfCapture(name) : []);
	const clock = () => Date.parse('2026-11-25T02:42:00Z');
	const result = render(<App source={source} size={size} clock={clock} bell={false}/>);
	return {...result, source};
}

function expectFits(frame: string, size: {columns: number; rows: number}) {
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(size.rows);
	for (const line of lines) {
		expect(stripVTControlCharacters(line).length, line).toBeLessThanOrEqual(size.columns);
	}
}

describe('the session screen on a real interactive session', () => {
	test.each([
		{columns: 80, rows: 24},
		{columns: 200, rows: 60},
	])('at %o: header, timeline, token burn and decisions side by side', async size => {
		const {lastFrame, unmount} = renderApp('tui-session', size);
		await vi.waitFor(() => expect(lastFrame()).toContain('tool decisions (12)'));
		const frame = lastFrame()!;
		expectFits(frame, size);
		expect(frame).toContain('e1714e3d');
		expect(frame).toMatch(/in 22k \(12k cached\) out 788 \(288 reasoning\)/);
		expect(frame).toContain('tokens per turn');
		expect(frame).toContain('tool decisions (12)');
		expect(frame).toMatch(/✔ C echo loop/);
		expect(frame).toMatch(/req 0 stored 0 errors 0/);
		if (size.rows >= 60) {
			// Everything fits: the first turn, the Esc abort by the user and the prefix approval are all visible.
			expect(frame).toMatch(/▾ 1 SCENARIO=simple Say hello\./);
			expect(frame).toMatch(/⊘ exec_command .*987ms U/);
			expect(frame).toMatch(/✚ touch \/var\/codex-escalate-probe\.txt/);
		}

		unmount();
	});

	test('at 60x20 one pane at a time, Tab cycles them', async () => {
		const size = {columns: 60, rows: 20};
		const {lastFrame, stdin, unmount} = renderApp('tui-session', size);
		// Each key's frame is awaited, not timed: a loaded machine draws later, never differently.
		await vi.waitFor(() => expect(lastFrame()).toContain('Tab: [timeline] tokens decisions'));
		expectFits(lastFrame()!, size);
		expect(lastFrame()).not.toContain('tool decisions (12)');
		stdin.write('\t');
		await vi.waitFor(() => expect(lastFrame()).toContain('Tab: timeline [tokens] decisions'));
		expect(lastFrame()).toMatch(/7 ▒+█+▓?░* 12k/);
		stdin.write('\t');
		await vi.waitFor(() => expect(lastFrame()).toContain('tool decisions (12)'));
		expect(lastFrame()).toMatch(/⊘ U exec_command\s+abort/);
		expectFits(lastFrame()!, size);
		unmount();
	});
});

describe('keys', () => {
	test('g, Enter folds a turn; j and Enter open a call\'s details; Esc closes them', async () => {
		const {lastFrame, stdin, unmount} = renderApp('exec-tool', {columns: 100, rows: 30});
		await vi.waitFor(() => {
			expect(lastFrame()).toMatch(/▾ 1 SCENARIO=tool/);
		});
		stdin.write('g');
		await tick();
		stdin.write('\r');
		await vi.waitFor(() => {
			expect(lastFrame()).toMatch(/▸ 1 SCENARIO=tool/);
		});
		expect(lastFrame()).not.toContain('◆ model 1');
		stdin.write(' ');
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('◆ model 1');
		});
		stdin.write('j');
		await tick();
		stdin.write('j');
		await tick();
		stdin.write('\r');
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('$ echo hi');
		});
		expect(lastFrame()).toMatch(/decision ✔ approved by Config \(policy\) · result ok · exit 0/);
		expect(lastFrame()).toContain('"cmd":"echo hi"');
		stdin.write('\u001B');
		await vi.waitFor(() => {
			expect(lastFrame()).not.toContain('$ echo hi');
		});
		unmount();
	});

	test('? shows every key; Esc goes back to the list, where sub-agents sit under their parent', async () => {
		const {lastFrame, stdin, unmount} = renderApp('exec-subagent', {columns: 100, rows: 30});
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('? help');
		});
		stdin.write('?');
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('keys here');
		});
		expect(lastFrame()).toMatch(/Tab\s+next pane/);
		stdin.write('?');
		await tick();
		stdin.write('\u001B');
		await tick();
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('sessions (2)');
		});
		const list = lastFrame()!;
		const lines = list.split('\n');
		const parent = lines.findIndex(line => line.includes('0033fb33'));
		expect(lines[parent + 1]).toMatch(/└d278d1da .*exec-subagent\/repo /);
		stdin.write('/');
		await tick();
		for (const character of 'child') {
			stdin.write(character);
		}

		await vi.waitFor(() => {
			expect(lastFrame()).toContain('filter: child');
		});
		expect(lastFrame()).toContain('d278d1da');
		unmount();
	});

	test('the title threads of the interactive session are not listed', async () => {
		const {lastFrame, stdin, unmount} = renderApp('tui-session', {columns: 100, rows: 30});
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('? help');
		});
		stdin.write('\u001B');
		await vi.waitFor(() => {
			expect(lastFrame()).toContain('sessions (1)');
		});
		unmount();
	});
});

test('with no Codex traffic yet, the screen says exactly what to configure', async () => {
	const {lastFrame, unmount} = renderApp(undefined, {columns: 80, rows: 24});
	await vi.waitFor(() => {
		expect(lastFrame()).toContain('Waiting for Codex on 127.0.0.1:4318');
	});
	expect(lastFrame()).toContain('[otel.metrics_exporter.otlp-http]');
	expect(lastFrame()).toContain('endpoint = "http://127.0.0.1:4318/v1/traces"');
	unmount();
});

test('an alert is a banner naming its evidence, and marks the calls involved', async () => {
	// The loop detector raises it live, as the receiver's engine does, when the capture's repeated calls arrive.
	const events = eventsOfCapture('exec-loop');
	const firstLoopCall = events.findIndex(event => JSON.stringify(event).includes('call_loop_1_r1'));
	const source = viewSourceOf(events.slice(0, firstLoopCall), {createEngine: () => createEngine(resolveConfig({}, {HOME: '/nonexistent'}))});
	const {lastFrame, unmount} = render(<App source={source} size={{columns: 100, rows: 30}} clock={() => Date.parse('2026-11-25T02:42:00Z')} bell={false}/>);
	await tick();
	expect(lastFrame()).toContain('echo loop');
	expect(lastFrame()).not.toMatch(/LOOP/);
	source.hub.ingest(events.slice(firstLoopCall), {live: true});
	await vi.waitFor(() => {
		expect(lastFrame()).toMatch(/‼ LOOP repeat: exec_command "echo loop" ran 7× with the same result/);
	});
	unmount();
});

test('a key whose command throws is one line on the screen; the next key works and clears it', async () => {
	const source = viewSourceOf(eventsOfCapture('exec-loop'));
	const fail = () => {
		throw new Error('the control broke');
	};

	const noop = () => undefined;
	source.replay = {
		position: () => ({index: 1, total: 2, elapsedMs: 0, durationMs: 1, speed: 1, playing: false, turn: 1, turns: 1}),
		controls: {pause: noop, toggle: noop, faster: fail, slower: noop, stepForward: noop, stepBack: noop, nextTurn: noop, previousTurn: noop, toStart: noop, toEnd: noop},
	};
	const {lastFrame, stdin, unmount} = render(<App source={source} size={{columns: 100, rows: 30}} bell={false}/>);
	await tick();
	stdin.write('+');
	await vi.waitFor(() => expect(lastFrame()).toContain('⚠ the key "+" failed: the control broke (receiving goes on)'));
	expect(lastFrame()).toContain('4ec2d11d');
	stdin.write('?');
	await vi.waitFor(() => expect(lastFrame()).toContain('keys here'));
	expect(lastFrame()).not.toContain('failed');
	unmount();
});
