import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture, runCli, startServe, temporaryDirectory} from '../helpers/cli.js';

/**
 * What a user's machine does to codexmon: a damaged database, a directory it may not write, no terminal,
 * a closed pipe, a typo. Each is one line that names the path or the input and the fix, a non-zero exit,
 * and never a stack trace.
 */
const directory = temporaryDirectory();
const db = path.join(directory, 'good.db');
const corrupt = path.join(directory, 'corrupt.db');
const isRoot = process.getuid?.() === 0;

beforeAll(async () => {
	const served = await startServe(['--db', db]);
	await postCapture(served.url, loadCapture('tui-session'));
	await postCapture(served.url, loadCapture('exec-fail'));
	await served.stop();
	fs.writeFileSync(corrupt, Buffer.concat([Buffer.from('this is not sqlite\n'), Buffer.alloc(8192, 7)]));
});

afterAll(() => {
	fs.chmodSync(directory, 0o755);
	fs.rmSync(directory, {recursive: true, force: true});
});

type Case = {name: string; args?: string[]; shell?: string; skip?: boolean; status?: number; says: RegExp};

const CASES: Case[] = [
	{name: 'a corrupt database, read', args: ['sessions', '--db', corrupt], says: new RegExp(`${corrupt} is not a codexmon database or is damaged .*move it aside`)},
	{name: 'a corrupt database, shown', args: ['show', 'abc', '--db', corrupt], says: /corrupt\.db is not a codexmon database/},
	{name: 'a corrupt database, received into', args: ['serve', '--port', '0', '--no-grpc', '--db', corrupt], says: /corrupt\.db is not a codexmon database/},
	// Root writes anywhere but /sys; anyone else is refused a directory without write permission too.
	{name: 'an unwritable data directory', args: ['serve', '--port', '0', '--no-grpc', '--db', '/sys/codexmon-test/codexmon.db'], says: /cannot write (next to )?\/sys\/codexmon-test.*(permission denied|operation not permitted).*--db/i},
	{name: 'the live screen without a terminal', shell: `${process.execPath} ${CLI_PATH} --port 0 --db ${db} </dev/null >${directory}/out`, says: /`codexmon watch` draws a screen and needs a terminal.*run `codexmon serve`/},
	{name: 'replay without a terminal', shell: `${process.execPath} ${CLI_PATH} replay 8886e1714e3d --db ${db} </dev/null >${directory}/out`, says: /`codexmon replay` draws a screen and needs a terminal/},
	{name: 'output into a closed pipe (| head)', shell: `${process.execPath} ${CLI_PATH} export 8886e1714e3d --db ${db} 2>${directory}/err | head -c 10 >/dev/null; status=\${PIPESTATUS[0]}; cat ${directory}/err >&2; exit $status`, says: /the output was closed before it ended \(EPIPE/},
	{name: 'export --output into a missing directory', args: ['export', '8886e1714e3d', '--db', db, '--output', path.join(directory, 'missing', 'x.json')], says: /cannot write .*missing\/x\.json: the directory .*missing does not exist \(ENOENT\); create it/},
	{name: '--port abc', args: ['--port', 'abc'], says: /--port needs a number, got "abc"/},
	{name: 'show <id> extra', args: ['show', '8886e1714e3d', 'extra', '--db', db], says: /`codexmon show` takes 1 argument, got also "extra"/},
	{name: 'import from a Codex home that does not exist', args: ['import', '--codex-home', path.join(directory, 'no-codex'), '--db', db], says: /no Codex home at .*no-codex: pass the directory/},
	{name: 'help for a command that does not exist', args: ['help', 'shw'], says: /no command "shw" \(did you mean "show"\?\)/},
];

describe('bad environments and bad input: one line, the fix, a non-zero exit, no stack', () => {
	test.each(CASES)('$name', ({args, shell, says}) => {
		const result = shell
			? spawnSync('bash', ['-c', shell], {encoding: 'utf8', env: {...process.env, CI: ''}})
			: spawnSync(process.execPath, [CLI_PATH, ...args!], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
		expect(result.status, result.stderr).not.toBe(0);
		expect(result.stderr).toMatch(says);
		expect(result.stderr).not.toContain('    at ');
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
	});

	test.skipIf(isRoot)('a read-only database in a read-only directory: sessions and show still read it', () => {
		const readonlyDirectory = path.join(directory, 'readonly');
		fs.mkdirSync(readonlyDirectory);
		const copy = path.join(readonlyDirectory, 'copy.db');
		fs.copyFileSync(db, copy);
		fs.chmodSync(copy, 0o444);
		fs.chmodSync(readonlyDirectory, 0o555);
		try {
			expect(runCli(['sessions', '--db', copy]).stdout).toContain('e1714e3d');
			expect(runCli(['show', '8886e1714e3d', '--db', copy]).status).toBe(0);
		} finally {
			fs.chmodSync(readonlyDirectory, 0o755);
		}
	});
});

describe('help, and what prune and delete would free', () => {
	test('-h, help and help <command> print the help, exit 0', () => {
		for (const args of [['-h'], ['help'], ['--help']]) {
			const result = runCli(args);
			expect(result.status).toBe(0);
			expect(result.stdout).toContain('codexmon: a live terminal monitor');
		}

		const show = runCli(['help', 'show']);
		expect(show.status).toBe(0);
		expect(show.stdout).toMatch(/codexmon show <conversation-id/);
		expect(runCli(['show', '-h']).stdout).toMatch(/codexmon show <conversation-id/);
	});

	test('delete and prune --dry-run say what they would delete and delete nothing; then they do', () => {
		const copy = path.join(directory, 'prune.db');
		fs.copyFileSync(db, copy);
		const dryDelete = runCli(['delete', '09ca0cb3', '--dry-run', '--db', copy]);
		expect(dryDelete.status).toBe(0);
		expect(dryDelete.stdout).toMatch(/^Would delete session \S+09ca0cb3 \(21 events\), freeing \d.* \(dry run: nothing deleted\)\.$/m);
		expect(runCli(['sessions', '--all', '--json', '--db', copy]).stdout).toContain('09ca0cb3');
		const deleted = runCli(['delete', '09ca0cb3', '--db', copy]);
		expect(deleted.stdout).toMatch(/^Deleted session \S+09ca0cb3 \(21 events\), freed \d.*; file \S+ \S+ → \S+ \S+\.$/m);
		const [, deleteBefore, deleteAfter] = /file (\d+(?:\.\d+)?) KiB → (\d+(?:\.\d+)?) KiB/.exec(deleted.stdout) ?? [];
		// What it says it freed leaves the file, not only its free list.
		expect(Number(deleteAfter)).toBeLessThan(Number(deleteBefore));
		expect(runCli(['sessions', '--all', '--json', '--db', copy]).stdout).not.toContain('09ca0cb3');
		const dryPrune = runCli(['prune', '--older-than', '1d', '--dry-run', '--db', copy]);
		expect(dryPrune.stdout).toMatch(/^Would delete \d+ sessions \(\d+ events\), freeing /m);
		const pruned = runCli(['prune', '--older-than', '1d', '--db', copy]);
		expect(pruned.stdout).toMatch(/^Deleted \d+ sessions \(\d+ events\), freed \d.*; file (\S+ \S+) → (\S+ \S+)\.$/m);
		const [, before, after] = /file (\d+(?:\.\d+)?) KiB → (\d+(?:\.\d+)?) KiB/.exec(pruned.stdout) ?? [];
		// The file shrinks for real (the log is written back), not 'file 52 KiB → 52 KiB' while the log grew.
		if (before && after) {
			expect(Number(after)).toBeLessThan(Number(before));
		}
	});
});
