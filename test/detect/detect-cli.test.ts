import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

type AlertJson = {kind: string; pattern?: string; severity: string; at: string; message: string; callIds: string[]};

describe('alerts through the CLI', () => {
	test('show --json lists the loop with its evidence; sessions --json counts it; --on-alert gets JSON', async () => {
		const db = path.join(directory, 'alerts.db');
		const received = path.join(directory, 'on-alert.jsonl');
		const served = await startServe(['--db', db, '--on-alert', `cat >> ${received}`]);
		await postCapture(served.url, loadCapture('exec-loop'));
		await postCapture(served.url, loadCapture('exec-tool'));
		await served.stop();

		const sessions = JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string; alerts: number; toolCalls: number}>;
		expect(sessions.map(row => row.alerts).sort()).toEqual([0, 1]);
		const loop = sessions.find(row => row.alerts === 1)!;
		const document = JSON.parse(runCli(['show', loop.conversationId, '--json', '--db', db]).stdout) as {alerts: AlertJson[]};
		expect(document.alerts).toEqual([{
			kind: 'loop',
			pattern: 'repeat',
			severity: 'critical',
			at: expect.stringMatching(/^2026-11-25T02:40:10\.\d{3}Z$/),
			message: 'exec_command "echo loop" ran 7× with the same result',
			callIds: ['call_loop_1_r1', 'call_loop_2_r2', 'call_loop_3_r3', 'call_loop_4_r4', 'call_loop_5_r5', 'call_loop_6_r6', 'call_loop_7_r7'],
			evidence: expect.objectContaining({count: 7}),
		}]);

		const lines = fs.readFileSync(received, 'utf8').trim().split('\n').map(line => JSON.parse(line) as AlertJson & {change: string; conversationId: string});
		expect(lines.map(line => [line.change, line.severity, line.callIds.length, line.conversationId])).toEqual([
			['raised', 'warning', 3, loop.conversationId],
			['escalated', 'critical', 6, loop.conversationId],
		]);
	});

	test('the config file sets thresholds; a bad key is named, with exit code 1', async () => {
		const db = path.join(directory, 'config.db');
		const served = await startServe(['--db', db]);
		await postCapture(served.url, loadCapture('exec-loop'));
		await served.stop();
		const id = (JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string}>)[0]!.conversationId;

		const lenient = path.join(directory, 'lenient.toml');
		fs.writeFileSync(lenient, '[detect]\nloop_threshold = 8\n');
		expect((JSON.parse(runCli(['show', id, '--json', '--db', db, '--config', lenient]).stdout) as {alerts: unknown[]}).alerts).toEqual([]);
		const strict = JSON.parse(runCli(['show', id, '--json', '--db', db, '--loop-threshold', '2']).stdout) as {alerts: AlertJson[]};
		expect(strict.alerts.map(alert => alert.severity)).toEqual(['critical']);

		const typo = path.join(directory, 'typo.toml');
		fs.writeFileSync(typo, '[detect]\nloop_treshold = 4\n');
		const result = runCli(['show', id, '--db', db, '--config', typo]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/unknown key detect\.loop_treshold \(did you mean loop_threshold\?\)/);
		const wrongType = path.join(directory, 'type.toml');
		fs.writeFileSync(wrongType, '[budget]\nsession_tokens = "lots"\n');
		expect(runCli(['sessions', '--db', db, '--config', wrongType]).stderr).toMatch(/budget\.session_tokens must be a positive number/);
	});
});

describe.skipIf(!HAS_TMUX)('the alert on screen', () => {
	test('appears as the batch that completes the evidence arrives, and escalates', async () => {
		const db = path.join(directory, 'screen.db');
		const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --db ${db} --no-bell`, {columns: 100, rows: 30});
		try {
			const port = Number(/127\.0\.0\.1:(\d+)/.exec(await waitForScreen(terminal.capture, text => /127\.0\.0\.1:\d+/.test(text)))![1]);
			const url = `http://127.0.0.1:${port}`;
			const requests = loadCapture('exec-loop');
			// Requests 1-4 hold two echo loop results: no alert yet.
			await postCapture(url, requests.slice(0, 4));
			let screen = await waitForScreen(terminal.capture, text => (text.match(/✔ echo loop/g)?.length ?? 0) >= 2);
			expect(screen).not.toMatch(/LOOP/);
			// Request 5 brings the third identical result.
			await postCapture(url, requests.slice(4, 5));
			screen = await waitForScreen(terminal.capture, text => text.includes('LOOP repeat'));
			expect(screen).toMatch(/⚠ LOOP repeat: exec_command "echo loop" ran 3× with the same result/);
			await postCapture(url, requests.slice(5));
			screen = await waitForScreen(terminal.capture, text => text.includes('ran 7×'));
			expect(screen).toMatch(/‼ LOOP repeat: exec_command "echo loop" ran 7× with the same result/);
			terminal.keys('q');
		} finally {
			terminal.kill();
		}
	});
});
