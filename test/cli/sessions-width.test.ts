import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {captureNamesOf, loadCaptureFrom} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';
import {HAS_TMUX, startTmux, waitForScreen} from '../helpers/tmux.js';

/** `sessions` and `show` fit the terminal like ccusage: compact under 100 columns, whole into a pipe. */
const directory = temporaryDirectory();
const db = path.join(directory, 'width.db');
const INTERRUPTED_TUI = 'd306f51f';

beforeAll(async () => {
	const served = await startServe(['--db', db, '--no-grpc']);
	for (const name of captureNamesOf('codex-0.171.0')) {
		await postCapture(served.url, loadCaptureFrom('codex-0.171.0', name));
	}

	await served.stop();
});

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const HOME = {HOME: '/home/dev'};
const linesOf = (text: string) => text.trimEnd().split('\n');
const widest = (text: string) => Math.max(...linesOf(text).map(line => line.length));

describe('sessions fits the width', () => {
	test('COLUMNS=80: compact columns, every line within 80, the directory shortened', () => {
		const {status, stdout} = runCli(['sessions', '--db', db], {env: {...HOME, COLUMNS: '80'}});
		expect(status).toBe(0);
		expect(widest(stdout)).toBeLessThanOrEqual(80);
		const [header, ...rows] = linesOf(stdout);
		expect(header).toMatch(/^ID +STATUS +STARTED +DUR +DIR +TOKENS +COST +⚠$/);
		expect(rows).toHaveLength(captureNamesOf('codex-0.171.0').length);
		expect(rows.find(row => row.startsWith(INTERRUPTED_TUI))).toMatch(/^d306f51f +failed +\S+ ago +22\.7s +…\/github\/tui-interrupt\/repo +92k +\$0\.0079 +1$/);
	});

	test('COLUMNS=120: the full columns that fit, within 120', () => {
		const {stdout} = runCli(['sessions', '--db', db], {env: {...HOME, COLUMNS: '120'}});
		expect(widest(stdout)).toBeLessThanOrEqual(120);
		expect(linesOf(stdout)[0]).toMatch(/^ID +STATUS +STARTED +DURATION +DIRECTORY +.*TOKENS +COST +ALERTS/);
		expect(stdout).toContain('~/src/github/tui-interrupt/repo');
	});

	test('into a pipe (no COLUMNS): every column whole', () => {
		const {stdout} = runCli(['sessions', '--db', db], {env: {...HOME, COLUMNS: ''}});
		expect(linesOf(stdout)[0]).toMatch(/^ID +KIND +ENTRY +STATUS +STARTED +DURATION +DIRECTORY +MODEL +TURNS +REQS +TOOLS +TOKENS +COST +ALERTS +PROMPT$/);
		expect(stdout).toContain('SCENARIO=long_sleep Run sleep 30 and tell me when it is done.');
		expect(widest(stdout)).toBeGreaterThan(120);
		// --compact asks for the compact columns whatever the width.
		expect(linesOf(runCli(['sessions', '--compact', '--db', db], {env: {...HOME, COLUMNS: ''}}).stdout)[0]).toMatch(/^ID +STATUS +STARTED +DUR +DIR +TOKENS +COST +⚠ +PROMPT$/);
	});

	test('--json has cwd for every session: the directory Codex reported, or null where it never said', () => {
		const rows = JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string; cwd: string | null}>;
		const byTail = new Map(rows.map(row => [row.conversationId.slice(-8), row.cwd]));
		expect(byTail.get(INTERRUPTED_TUI)).toBe('/home/dev/src/github/tui-interrupt/repo');
		// exec-interrupt and exec-usage-limit exit before any run_sampling_request span is exported.
		expect(rows.filter(row => row.cwd === null)).toHaveLength(2);
		// Each capture was run in a directory named after its scenario.
		const scenarios = rows.flatMap(row => row.cwd === null ? [] : [/^\/home\/dev\/(?:src|code)\/github\/([\w-]+)\/repo$/.exec(row.cwd)?.[1]]);
		expect(scenarios.sort()).toEqual(captureNamesOf('codex-0.171.0').filter(name => name !== 'exec-interrupt' && name !== 'exec-usage-limit'));
	});
});

describe('show fits the width', () => {
	test('COLUMNS=60 and 80: every line within, tables compact, prose wrapped', () => {
		for (const columns of [60, 80]) {
			const {status, stdout} = runCli(['show', INTERRUPTED_TUI, '--db', db], {env: {...HOME, COLUMNS: String(columns)}});
			expect(status).toBe(0);
			expect(widest(stdout)).toBeLessThanOrEqual(columns);
			expect(stdout).toContain('  directory ~/src/github/tui-interrupt/repo');
			expect(stdout).toMatch(/^#  .*DURATION .*INPUT .*OUTPUT .*COST +PROMPT$/m);
			expect(stdout).toMatch(/^TURN +TOOL +DECISION .*RESULT .*ARGUMENTS$/m);
			expect(stdout).toContain('decisions approved 3, abort 2');
		}
	});

	test('into a pipe: every column whole; --json has cwd', () => {
		const {stdout} = runCli(['show', INTERRUPTED_TUI, '--db', db], {env: {...HOME, COLUMNS: ''}});
		expect(stdout).toMatch(/^#  STARTED +DURATION +REQS +TOOLS +INPUT +CACHED +OUTPUT +REASONING +COST +PROMPT$/m);
		expect(stdout).toContain('{"id":"T-42","reason":"fixed in 0.3.2"}');
		const document = JSON.parse(runCli(['show', INTERRUPTED_TUI, '--json', '--db', db]).stdout) as {cwd: string | null};
		expect(document.cwd).toBe('/home/dev/src/github/tui-interrupt/repo');
	});
});

describe.skipIf(!HAS_TMUX)('in an 80-column tmux pane (a terminal, no COLUMNS)', () => {
	test.each([['sessions'], ['show', INTERRUPTED_TUI]])('%s does not wrap', async (...args) => {
		const terminal = startTmux(`env -u COLUMNS HOME=/home/dev ${process.execPath} ${CLI_PATH} ${args.join(' ')} --db ${db}; echo '<done>'; sleep 30`, {columns: 80, rows: 60});
		try {
			const screen = await waitForScreen(terminal.capture, text => text.includes('<done>'));
			const direct = runCli([...args, '--db', db], {env: {...HOME, COLUMNS: '80'}}).stdout;
			// What the terminal shows is what fits 80 columns, line for line: nothing wrapped.
			expect(screen.slice(0, screen.indexOf('<done>')).trimEnd()).toBe(linesOf(direct).map(line => line.trimEnd()).join('\n'));
		} finally {
			terminal.kill();
		}
	});
});
