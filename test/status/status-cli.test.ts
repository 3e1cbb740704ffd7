import fs from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {loadCapture, loadCaptureFrom} from '../helpers/captures.js';
import {postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {latestRolloutMs, retimeCapture, shiftCapture, shiftRollout} from '../helpers/retime-capture.js';
import {loadRolloutsFrom, writeCodexHome} from '../helpers/rollouts.js';

const directory = temporaryDirectory();
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** An environment that finds no user's config, database or cache. */
function isolated(name: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const home = path.join(directory, name);
	fs.mkdirSync(home, {recursive: true});
	return {HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.data'), XDG_CACHE_HOME: path.join(home, '.cache'), CODEXMON_PORT: '1', ...extra};
}

function today(): string {
	const date = new Date();
	return `${date.getFullYear()}/${String(date.getMonth() + 1).padStart(2, '0')}/${String(date.getDate()).padStart(2, '0')}`;
}

type StatusJson = {running: boolean; source: string; live: number; tokensPerMinute: number | null; costTodayUsd: number; rateLimits: unknown; alerts: Array<{conversationId: string; kind: string; severity: string; message: string}>; line: string};

describe('codexmon status', () => {
	test('finds the running receiver by its lock file: live sessions, tokens per minute, today\'s cost, the loop alert; the database once it stops', async () => {
		const env = isolated('running');
		const db = path.join(directory, 'running.db');
		const served = await startServe(['--no-grpc', '--db', db]);
		try {
			// The real loop capture up to before its end, as if Codex were sending it now.
			await postCapture(served.url, retimeCapture(loadCapture('exec-loop'), Date.now() - 1000).slice(0, 12));
			const status = JSON.parse(runCli(['status', '--format', 'json', '--db', db], {env}).stdout) as StatusJson;
			const show = JSON.parse(runCli(['show', '4ec2d11d', '--json', '--db', db], {env}).stdout) as {tokens: {total: number}; costUsd: number; alerts: Array<{kind: string; severity: string; message: string}>};
			expect(status).toMatchObject({running: true, source: 'receiver', live: 1, rateLimits: null});
			// Every one of its requests completed within the last minute.
			expect(status.tokensPerMinute).toBe(show.tokens.total);
			expect(status.costTodayUsd).toBeCloseTo(show.costUsd, 10);
			expect(status.alerts).toEqual(show.alerts.map(alert => ({conversationId: '01a21093-0909-7a93-b979-f2e54ec2d11d', kind: alert.kind, severity: alert.severity, message: alert.message, key: expect.any(String), at: expect.any(String)})));
			expect(status.alerts[0]).toMatchObject({kind: 'loop', severity: 'critical'});

			const tmux = runCli(['status', '--db', db], {env});
			expect(tmux.stdout).toMatch(/^#\[fg=red\]◆1 live · \d+(?:\.\d)?k tok\/min · \$0\.\d+ today · ‼ loop 4ec2d11d#\[default\]\n$/);
			expect(runCli(['status', '--format', 'text', '--port', String(served.port)], {env}).stdout).toMatch(/^◆1 live · .* ‼ loop 4ec2d11d\n$/);
			// Too narrow for everything: the live count and the alert stay; narrower still, the alert alone.
			expect(runCli(['status', '--format', 'text', '--db', db, '--max-width', '25'], {env}).stdout).toBe('◆1 live · ‼ loop 4ec2d11d\n');
			expect(runCli(['status', '--format', 'text', '--db', db, '--max-width', '24'], {env}).stdout).toBe('‼ loop 4ec2d11d\n');
		} finally {
			await served.stop();
		}

		const after = JSON.parse(runCli(['status', '--format', 'json', '--db', db], {env}).stdout) as StatusJson;
		expect(after).toMatchObject({running: false, source: 'database', live: 0});
		expect(after.line).toMatch(/^codexmon: not running · \$0\.\d+ today · ‼ loop 4ec2d11d$/);
	}, 60_000);

	test('rateLimits as in show --json, from the rollout the receiver watches; a full window shows its reset time', async () => {
		const env = isolated('plan');
		const home = path.join(directory, 'plan-codex');
		// Both sources of the real run moved to end seconds ago, so its plan windows' reset times lie ahead.
		const rollouts = loadRolloutsFrom('codex-0.171.0', 'exec-usage-limit');
		const shiftMs = Math.round((Date.now() - 5000 - Math.max(...rollouts.map(({text}) => latestRolloutMs(text)))) / 1000) * 1000;
		writeCodexHome(home, rollouts.map(({file, text}) => ({file, text: shiftRollout(text, shiftMs)})), today());
		const db = path.join(directory, 'plan.db');
		const served = await startServe(['--no-grpc', '--db', db, '--watch-sessions', '--codex-home', home]);
		try {
			await postCapture(served.url, shiftCapture(loadCaptureFrom('codex-0.171.0', 'exec-usage-limit'), shiftMs));
			let status: StatusJson | undefined;
			for (let attempt = 0; attempt < 50 && !status?.rateLimits; attempt++) {
				status = JSON.parse(runCli(['status', '--format', 'json', '--db', db], {env}).stdout) as StatusJson;
				await new Promise(resolve => {
					setTimeout(resolve, 200);
				});
			}

			const show = JSON.parse(runCli(['show', 'af2e823e', '--json', '--db', db], {env}).stdout) as {rateLimits: unknown};
			expect(status!.rateLimits).toEqual(show.rateLimits);
			expect(status!.rateLimits).toMatchObject({primary: {usedPercent: 100, windowMinutes: 300}, secondary: {usedPercent: 64, windowMinutes: 10080}});
			expect(status!.alerts.map(alert => [alert.kind, alert.severity])).toEqual([['plan', 'critical'], ['plan', 'critical']]);
			const line = runCli(['status', '--format', 'text', '--db', db, '--max-width', '100'], {env}).stdout;
			// That session failed on its usage limit: not live, its plan alert still on the line.
			expect(line).toMatch(/^◆0 live · (?:[\d.]+k? tok\/min · )?\$0\.\d+ today · 5h 100% ↺\d\d:\d\d · wk 64% · ‼ plan af2e823e \+1\n$/);
			// At 60 columns the full window, its reset and the alert stay; the weekly window goes.
			expect(runCli(['status', '--format', 'text', '--db', db], {env}).stdout).toMatch(/^◆0 live · .*5h 100% ↺\d\d:\d\d · ‼ plan af2e823e \+1\n$/);
		} finally {
			await served.stop();
		}
	}, 60_000);

	test('with nothing there: the not-running word, in every format, quickly and with exit 0', () => {
		const env = isolated('nothing');
		expect(runCli(['status'], {env})).toEqual({status: 0, stdout: 'codexmon: not running\n', stderr: ''});
		expect(runCli(['status', '--format', 'text', '--port', '1'], {env}).stdout).toBe('codexmon: not running\n');
		expect(JSON.parse(runCli(['status', '--format', 'json'], {env}).stdout)).toEqual({running: false, source: 'none', live: 0, tokensPerMinute: 0, costTodayUsd: 0, rateLimits: null, alerts: [], line: 'codexmon: not running'});
	});

	test('a bad flag or value is one line and exit 1; --help documents it', () => {
		const env = isolated('flags');
		for (const [args, message] of [[['--format', 'html'], /--format must be one of tmux, text, json, got "html"/], [['--max-width', 'wide'], /--max-width must be a whole number/], [['--colour'], /unknown flag --colour/], [['extra'], /unexpected argument "extra"/]] as const) {
			const result = runCli(['status', ...args], {env});
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(message);
			expect(result.stderr.trim().split('\n')).toHaveLength(1);
		}

		expect(runCli(['status', '--help'], {env}).stdout).toContain('--tmux-setup');
		expect(runCli(['--help'], {env}).stdout).toMatch(/status\s+One line about everything live/);
	});

	test('--tmux-setup prints the lines; --write adds them once, backing up the old file', () => {
		const env = isolated('tmux-setup');
		const printed = runCli(['status', '--tmux-setup'], {env}).stdout;
		expect(printed).toContain('set -g status-right \'#(codexmon status --format tmux)\'\nset -g status-interval 2\nset -g status-right-length 60\n');
		const conf = path.join(env.HOME!, '.tmux.conf');
		fs.writeFileSync(conf, 'set -g mouse on\nset -g status-right "%H:%M"');
		const first = runCli(['status', '--tmux-setup', '--write'], {env});
		expect(first.stdout).toMatch(/Added codexmon's status line to .*\.tmux\.conf \(backup: .*\.tmux\.conf\.codexmon-backup-/);
		const backup = /backup: (\S+)\)/.exec(first.stdout)![1]!;
		expect(fs.readFileSync(backup, 'utf8')).toBe('set -g mouse on\nset -g status-right "%H:%M"');
		const written = fs.readFileSync(conf, 'utf8');
		expect(written.startsWith('set -g mouse on\nset -g status-right "%H:%M"\n')).toBe(true);
		expect(written).toMatch(/\nset -g status-right '#\(codexmon status --format tmux\)'\nset -g status-interval 2\nset -g status-right-length 60\n$/);
		const second = runCli(['status', '--tmux-setup', '--write'], {env});
		expect(second.stdout).toMatch(/already shows codexmon's status line; nothing changed/);
		expect(fs.readFileSync(conf, 'utf8')).toBe(written);
		expect(fs.readdirSync(env.HOME!).filter(name => name.includes('codexmon-backup'))).toHaveLength(1);
	});

	test('--notify sends each new critical alert once through notify-send, when there is one', async () => {
		const bin = path.join(directory, 'bin');
		fs.mkdirSync(bin, {recursive: true});
		const log = path.join(directory, 'notified.log');
		fs.writeFileSync(path.join(bin, 'notify-send'), `#!/bin/sh\nprintf '%s|' "$@" >> ${log}\necho >> ${log}\n`, {mode: 0o755});
		const env = isolated('notify', {PATH: `${bin}${path.delimiter}${process.env.PATH}`});
		const db = path.join(directory, 'notify.db');
		const served = await startServe(['--no-grpc', '--db', db]);
		try {
			await postCapture(served.url, retimeCapture(loadCapture('exec-loop'), Date.now() - 1000).slice(0, 12));
			expect(runCli(['status', '--db', db, '--notify'], {env}).stdout).toContain('‼ loop 4ec2d11d');
			runCli(['status', '--db', db, '--notify'], {env});
			await new Promise(resolve => {
				setTimeout(resolve, 500);
			});
			expect(fs.readFileSync(log, 'utf8')).toBe('--app-name=codexmon|--urgency=critical|codexmon: loop in 4ec2d11d|exec_command "echo loop" ran 7× with the same result|\n');
			// No notify-send on PATH: the line all the same, and no error.
			expect(runCli(['status', '--db', db, '--notify'], {env: {...env, PATH: '/nonexistent'}})).toMatchObject({status: 0, stderr: ''});
		} finally {
			await served.stop();
		}
	}, 60_000);
});
