import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import {stripVTControlCharacters} from 'node:util';
import {CLI_PATH} from '../helpers/cli.js';

export type Output = {atMs: number; text: string};

export type Terminal = {
	/** performance.now() when the process was spawned. */
	spawnedAtMs: number;
	/** Every chunk the program wrote to its terminal, with its arrival time. */
	outputs: Output[];
	/** The first chunk, from `fromIndex` on, after which the screen text written so far matches. */
	waitFor(test: (screen: string) => boolean, options?: {fromIndex?: number; timeoutMs?: number}): Promise<Output>;
	/** Waits for the next chunk written after `fromIndex`. */
	nextOutput(fromIndex: number, timeoutMs?: number): Promise<Output>;
	/** Types into the terminal (as keys). */
	type(keys: string): void;
	/** The codexmon process itself (not `script`), for /proc readings. */
	pid(): number;
	stop(): Promise<void>;
};

/**
 * `codexmon` in a real pseudo terminal of the given size (util-linux `script`), as a user runs it: every
 * frame Ink writes arrives here with its time, so latencies are measured on the bytes, not on a polled
 * screen. CI is removed from the environment, or Ink would only print the last frame.
 */
export function startTerminal(args: string[], size: {columns: number; rows: number} = {columns: 120, rows: 40}, extraEnv: NodeJS.ProcessEnv = {}): Terminal {
	const command = `stty cols ${size.columns} rows ${size.rows}; exec ${process.execPath} ${CLI_PATH} ${args.map(arg => `'${arg}'`).join(' ')}`;
	const {CI: _ci, ...env} = process.env;
	const spawnedAtMs = performance.now();
	const child: ChildProcess = spawn('script', ['-qfc', command, '/dev/null'], {stdio: ['pipe', 'pipe', 'inherit'], env: {...env, ...extraEnv, TERM: 'xterm-256color', FORCE_COLOR: '1'}});
	const outputs: Output[] = [];
	const waiters = new Set<() => void>();
	let exited = false;
	child.stdout!.on('data', (chunk: Buffer) => {
		outputs.push({atMs: performance.now(), text: chunk.toString('utf8')});
		for (const wake of waiters) {
			wake();
		}
	});
	child.once('exit', () => {
		exited = true;
		for (const wake of waiters) {
			wake();
		}
	});

	const until = async <T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> => new Promise<T>((resolve, reject) => {
		const wake = () => {
			const found = check();
			if (found !== undefined) {
				clearTimeout(timer);
				waiters.delete(wake);
				resolve(found);
			} else if (exited) {
				clearTimeout(timer);
				waiters.delete(wake);
				reject(new Error(`codexmon ${args.join(' ')} exited while waiting for ${what}; it wrote:\n${screenOf(0)}`));
			}
		};

		const timer = setTimeout(() => {
			waiters.delete(wake);
			reject(new Error(`timed out waiting for ${what}; codexmon ${args.join(' ')} wrote:\n${screenOf(0).slice(-3000)}`));
		}, timeoutMs);
		waiters.add(wake);
		wake();
	});

	const screenOf = (fromIndex: number) => stripVTControlCharacters(outputs.slice(fromIndex).map(output => output.text).join(''));

	let codexmonPid: number | undefined;
	return {
		spawnedAtMs,
		outputs,
		async waitFor(test, {fromIndex = 0, timeoutMs = 15_000} = {}) {
			let checked = fromIndex;
			let text = '';
			return until(() => {
				for (; checked < outputs.length; checked++) {
					text += outputs[checked]!.text;
					if (test(stripVTControlCharacters(text))) {
						return outputs[checked]!;
					}
				}

				return undefined;
			}, timeoutMs, 'a screen');
		},
		async nextOutput(fromIndex, timeoutMs = 5000) {
			return until(() => outputs[fromIndex], timeoutMs, 'a frame');
		},
		type(keys) {
			child.stdin!.write(keys);
		},
		pid() {
			codexmonPid ??= Number(fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
			return codexmonPid;
		},
		async stop() {
			if (exited) {
				return;
			}

			const done = new Promise(resolve => child.once('exit', resolve));
			try {
				process.kill(this.pid(), 'SIGTERM');
			} catch {
				child.kill('SIGTERM');
			}

			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await done;
			clearTimeout(timer);
		},
	};
}
