import {describe, expect, test} from 'vitest';
import {createDetectorObserver} from '../../source/detect/index.js';
import {resolveThresholds} from '../../source/detect/resolve-thresholds.js';
import {DEFAULT_THRESHOLDS, type Thresholds} from '../../source/detect/thresholds.js';
import {createSessionEngine} from '../../source/hub/session-engine.js';
import type {Alert} from '../../source/model/alert.js';
import type {CodexEvent} from '../../source/model/codex-event.js';
import {createPriceBook} from '../../source/model/price-book.js';
import {CAPTURE_NAMES, captureNamesOf} from '../helpers/captures.js';
import {conversation} from '../helpers/events.js';
import {eventsOfCapture, eventsOfCaptureFrom} from '../helpers/pipeline.js';

function detect(events: CodexEvent[], thresholds: Thresholds = DEFAULT_THRESHOLDS) {
	const raised: Array<{alert: Alert; change: string}> = [];
	const engine = createSessionEngine([createDetectorObserver({thresholds, prices: createPriceBook(), onAlert: (alert, _session, change) => raised.push({alert: {...alert}, change})})]);
	engine.applyAll(events, {live: true});
	const alerts = [...engine.model.sessions.values()].flatMap(session => session.alerts);
	return {alerts, raised, sessions: engine.model.sessions};
}

describe('on the real captures', () => {
	test.each(['exec-loop', 'exec-loop-json'] as const)('%s: echo loop 7× is a critical repeat naming every call', name => {
		const {alerts, raised} = detect(eventsOfCapture(name));
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({kind: 'loop', pattern: 'repeat', severity: 'critical', callIds: ['call_loop_1_r1', 'call_loop_2_r2', 'call_loop_3_r3', 'call_loop_4_r4', 'call_loop_5_r5', 'call_loop_6_r6', 'call_loop_7_r7']});
		expect(alerts[0]!.message).toBe('exec_command "echo loop" ran 7× with the same result');
		expect(alerts[0]!.evidence).toMatchObject({normalizedCommand: 'exec_command echo loop', count: 7});
		// Raised once at the third call, escalated once at the sixth: never duplicated.
		expect(raised.map(item => [item.change, item.alert.severity, item.alert.callIds.length])).toEqual([['raised', 'warning', 3], ['escalated', 'critical', 6]]);
	});

	test('the interactive session: only its looping turn raises an alert', () => {
		const {alerts, sessions} = detect(eventsOfCapture('tui-session'));
		expect(alerts.map(alert => [alert.pattern, alert.severity, alert.callIds.length])).toEqual([['repeat', 'critical', 7]]);
		const main = [...sessions.values()].find(session => session.kind === 'main')!;
		expect(alerts[0]!.callIds.every(id => main.toolCalls.get(id)!.turn.index === 7)).toBe(true);
	});

	test.each(CAPTURE_NAMES.filter(name => !name.includes('loop') && name !== 'tui-session'))('%s raises nothing', name => {
		expect(detect(eventsOfCapture(name)).alerts).toEqual([]);
	});
});

describe('loops in constructed sequences', () => {
	test('near-repeat: quoting, spacing, flag spelling and order, ./ prefixes and --opt=value are the same call', () => {
		const c = conversation();
		const output = 'a.ts\nb.ts\n';
		const {alerts} = detect([
			...c.start(), c.prompt(),
			...c.exec('ls -la src/', output),
			...c.exec('ls  -al "./src"', output),
			...c.exec('ls -l -a ./src', output),
			...c.exec('ls --all=true -l src', 'x'),
		]);
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({pattern: 'near-repeat', severity: 'warning', callIds: ['call_1', 'call_2', 'call_3']});
		expect(alerts[0]!.evidence.normalizedCommand).toBe('exec_command ls src -a -l');
	});

	test('volatile output (chunk ids, wall times, timestamps, durations) is the same result', () => {
		const c = conversation();
		const {alerts} = detect([
			...c.start(), c.prompt(),
			...c.exec('npm test', 'Tests: 3 failed\nRan at 2026-11-25T10:00:01.123Z in 812ms (pid 4711)'),
			...c.exec('npm test', 'Tests: 3 failed\nRan at 2026-11-25T10:03:12.999Z in 790ms (pid 4730)'),
			...c.exec('npm test', 'Tests: 3 failed\nRan at 2026-11-25T10:04:40.001Z in 801ms (pid 4801)'),
		]);
		expect(alerts.map(alert => alert.pattern)).toEqual(['repeat']);
	});

	test('a repeat whose result changes is progress, not a loop', () => {
		const c = conversation();
		const {alerts} = detect([
			...c.start(), c.prompt(),
			...c.exec('npm test', 'Tests: 3 failed'),
			...c.exec('npm test', 'Tests: 2 failed'),
			...c.exec('npm test', 'Tests: 1 failed'),
			...c.exec('npm test', 'Tests: all passed'),
		]);
		expect(alerts).toEqual([]);
	});

	test.each([
		['period 2 (ping-pong)', ['git status', 'git diff'], 3],
		['period 3', ['make', 'cat build.log', 'git checkout -- src'], 3],
	] as const)('cycle of %s for 3 rounds, reported as one cycle, not as repeats', (_name, commands, rounds) => {
		const c = conversation();
		const events: CodexEvent[] = [...c.start(), c.prompt()];
		for (let round = 0; round < rounds; round++) {
			for (const command of commands) {
				events.push(...c.exec(command, `output of ${command}`));
			}
		}

		const {alerts} = detect(events);
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({kind: 'loop', pattern: 'cycle', severity: 'warning', evidence: {period: commands.length, rounds}});
		expect(alerts[0]!.callIds).toHaveLength(commands.length * rounds);
	});

	test('a long healthy session of many different commands raises nothing', () => {
		const c = conversation();
		const events: CodexEvent[] = [...c.start()];
		const files = ['src/app.ts', 'src/config.ts', 'src/server.ts', 'test/app.test.ts', 'README.md', 'package.json'];
		for (let turn = 0; turn < 6; turn++) {
			events.push(c.prompt(`task ${turn}`));
			for (const [index, file] of files.entries()) {
				events.push(...c.request({input: 20_000 + index * 500, cached: 15_000, output: 400, reasoning: 100}));
				events.push(...c.exec(`sed -n 1,80p ${file}`, `contents of ${file} at step ${turn}`));
				events.push(...c.exec(`rg -n "TODO" ${file}`, turn % 2 === 0 ? '' : `${file}:12: TODO ${turn}`));
				events.push(...c.tool('apply_patch', {input: `*** Begin Patch\n*** Update File: ${file}\n@@ step ${turn}.${index}`}, 'Success. Updated the following files'));
			}

			events.push(...c.exec('npm test', `Tests: ${6 - turn} failed, ${turn * 3} passed`));
			events.push(...c.exec('git status --short', `M ${files[turn]}`));
		}

		const {alerts} = detect(events);
		expect(alerts).toEqual([]);
	});

	test('--loop-threshold changes when a repeat warns', () => {
		const c = conversation();
		const events = [...c.start(), c.prompt(), ...c.exec('make', 'error 1'), ...c.exec('make', 'error 1')];
		expect(detect(events).alerts).toEqual([]);
		expect(detect(events, resolveThresholds({flags: {loopThreshold: 2}})).alerts).toMatchObject([{pattern: 'repeat', severity: 'warning'}]);
	});
});

describe('stalled turns and runaways', () => {
	test('a turn of model requests without new tool progress is stalled', () => {
		const c = conversation();
		const events: CodexEvent[] = [...c.start(), c.prompt(), ...c.request(), ...c.exec('cat notes.md', 'notes')];
		for (let index = 0; index < 12; index++) {
			events.push(...c.request());
		}

		const {alerts} = detect(events);
		expect(alerts).toMatchObject([{kind: 'loop', pattern: 'stalled-turn', severity: 'warning', evidence: {requestsWithoutProgress: 12}}]);
	});

	test('tokens over the session budget: warning at 80 %, critical past it, one alert', () => {
		const c = conversation();
		const thresholds = resolveThresholds({flags: {budgetTokens: 100_000}});
		const events: CodexEvent[] = [...c.start(), c.prompt()];
		for (let index = 0; index < 12; index++) {
			events.push(...c.request({input: 9000, cached: 8000, output: 1000, reasoning: 900}));
		}

		const {alerts, raised} = detect(events, thresholds);
		expect(alerts.filter(alert => alert.metric === 'tokens')).toMatchObject([{kind: 'runaway', metric: 'tokens', severity: 'critical'}]);
		expect(raised.filter(item => item.alert.metric === 'tokens').map(item => [item.change, item.alert.severity])).toEqual([['raised', 'warning'], ['escalated', 'critical']]);
	});

	test('tool failures over 30 % of the recent calls (exit codes count, not Codex\'s success flag)', () => {
		const c = conversation();
		const events: CodexEvent[] = [...c.start(), c.prompt()];
		for (let index = 0; index < 12; index++) {
			events.push(...c.exec(`./check ${index}`, `check ${index}`, {exitCode: index % 2}));
		}

		const alert = detect(events).alerts.find(item => item.metric === 'tool-failure-rate');
		expect(alert).toMatchObject({kind: 'runaway', severity: 'warning'});
		expect(alert!.callIds).toHaveLength(6);
	});

	test('p95 model latency over 120 s', () => {
		const c = conversation();
		const events: CodexEvent[] = [...c.start(), c.prompt()];
		for (let index = 0; index < 6; index++) {
			events.push(...c.request({input: 100, output: 10}, 130_000));
		}

		expect(detect(events).alerts).toMatchObject([{kind: 'runaway', metric: 'api-latency-p95', severity: 'warning'}]);
	});
});

describe('model API failures, on the real 0.171.0 captures', () => {
	test('exec-api-errors: three retried attempts in one turn are a warning naming them, and no request failed', () => {
		const {alerts, raised} = detect(eventsOfCaptureFrom('codex-0.171.0', 'exec-api-errors'));
		expect(alerts.map(alert => [alert.metric, alert.severity])).toEqual([['model-retries', 'warning']]);
		expect(alerts[0]!.message).toMatch(/^turn 1: 3 failed model attempts \(http 429, http 500, Transport error/);
		expect(raised).toHaveLength(1);
	});

	test('tui-interrupt: the 429 Codex gave up on ends its turn with a critical alert', () => {
		const {alerts} = detect(eventsOfCaptureFrom('codex-0.171.0', 'tui-interrupt'));
		const failure = alerts.find(alert => alert.metric === 'model-failure');
		expect(failure).toMatchObject({severity: 'critical', evidence: {status: 429}});
		expect(failure!.message).toContain('http 429');
	});

	test.each(captureNamesOf('codex-0.171.0-ws').filter(name => !name.includes('loop') && name !== 'tui-session'))('WebSocket %s raises nothing', name => {
		expect(detect(eventsOfCaptureFrom('codex-0.171.0-ws', name)).alerts).toEqual([]);
	});
});
