import fs from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, test, vi} from 'vitest';
import {jsonTerminalSafe, terminalSafe} from '../../source/format/terminal-safe.js';
import {App} from '../../source/ui/app.js';
import {postCapture, runCli, startServe, temporaryDirectory, type Served} from '../helpers/cli.js';
import {HOSTILE, hostileCapture, unsafeCharacters} from '../helpers/hostile-capture.js';
import {eventsOfRequest} from '../helpers/pipeline.js';
import {viewSourceOf} from '../helpers/view-source.js';

const crafted = hostileCapture('exec-tool');

describe('terminalSafe', () => {
	test('shows control characters as ls and journalctl do, keeps newline, tab and all other text', () => {
		expect(terminalSafe('a\u001B]52;c;eA==\u0007b')).toBe('a^[]52;c;eA==^Gb');
		expect(terminalSafe('\u009B2J\u007F\r\u0000')).toBe('\\x9b2J^?^M^@');
		expect(terminalSafe('line\n\tindented · ünïcode ✔')).toBe('line\n\tindented · ünïcode ✔');
		expect(unsafeCharacters(terminalSafe(HOSTILE))).toEqual([]);
	});

	test('JSON keeps the text, with DEL and C1 escaped like C0', () => {
		const json = jsonTerminalSafe(JSON.stringify({prompt: HOSTILE}));
		expect(unsafeCharacters(json)).toEqual([]);
		expect((JSON.parse(json) as {prompt: string}).prompt).toBe(HOSTILE);
	});
});

describe('every command prints telemetry text in visible form', () => {
	const directory = temporaryDirectory();
	const db = path.join(directory, 'hostile.db');
	let served: Served;
	let id: string;

	beforeAll(async () => {
		served = await startServe(['--db', db, '--no-grpc']);
		await postCapture(served.url, crafted);
		await served.stop();
		id = (JSON.parse(runCli(['sessions', '--json', '--db', db]).stdout) as Array<{conversationId: string}>)[0]!.conversationId;
	}, 60_000);

	afterAll(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});

	test.each([
		['show'], ['show', '--json'], ['sessions'], ['sessions', '--json'], ['sessions', '--all'],
		['report'], ['report', '--json'], ['report', '--csv'], ['report', '--group-by', 'service'],
		['export'], ['export', '--format', 'otlp-json'],
	].map(args => ({args, name: args.join(' ')})))('$name', ({args}) => {
		const result = runCli([...args.slice(0, 1), ...(args[0] === 'show' || args[0] === 'export' ? [id] : []), ...args.slice(1), '--db', db]);
		expect(result.status, result.stderr).toBe(0);
		expect(unsafeCharacters(result.stdout)).toEqual([]);
		expect(unsafeCharacters(result.stderr)).toEqual([]);
		if (args.includes('--json') || (args[0] === 'export' && args.length === 1)) {
			// Still the same data: the escapes are JSON's, the text parses back to what Codex sent.
			expect(JSON.stringify(JSON.parse(result.stdout))).toContain(JSON.stringify(HOSTILE).slice(1, -1));
		} else if (args[0] !== 'export' && !args.includes('--group-by')) {
			expect(result.stdout).toContain('^[');
		}
	});
});

describe('every screen draws telemetry text in visible form', () => {
	const tick = async () => new Promise(resolve => {
		setTimeout(resolve, 30);
	});

	test('list, session, call and turn details, decisions', async () => {
		const source = viewSourceOf(crafted.flatMap(captured => eventsOfRequest(captured)));
		const clock = () => Date.parse('2026-11-25T02:42:00Z');
		const {lastFrame, stdin, unmount} = render(<App source={source} size={{columns: 160, rows: 50}} clock={clock} bell={false}/>);
		const frames: string[] = [];
		await vi.waitFor(() => expect(lastFrame()).toContain('SCENARIO=tool'));
		frames.push(lastFrame()!);
		// The call's details (command, arguments, output), then the turn's (prompt, answer).
		for (const key of [' ', 'j', 'j', '\r']) {
			stdin.write(key);
			await tick();
		}

		frames.push(lastFrame()!);
		expect(lastFrame()).toContain('^[]52;c;aGFja2Vk^G');
		for (const key of ['\u001B', 'g', '\r', 'd', '\t', '\t']) {
			stdin.write(key);
			await tick();
			frames.push(lastFrame()!);
		}

		stdin.write('\u001B');
		await tick();
		stdin.write('\u001B');
		await tick();
		frames.push(lastFrame()!);
		expect(lastFrame()).toMatch(/sessions \(1\)/);
		unmount();
		for (const frame of frames) {
			// eslint-disable-next-line no-control-regex
			const raw = /.{0,40}[\u0000-\u0009\u000B-\u001A\u001C-\u001F\u007F-\u009F].{0,40}|.{0,40}\u001B(?!\[[\d;]*m).{0,40}/.exec(frame)?.[0];
			expect(unsafeCharacters(frame), JSON.stringify(raw)).toEqual([]);
		}

		expect(frames.join('\n')).toContain('\\x9b31m');
	});
});
