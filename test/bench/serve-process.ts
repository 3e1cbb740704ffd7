import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import {CLI_PATH} from '../helpers/cli.js';

export type ServeProcess = {child: ChildProcess; port: number; stop(): Promise<void>};

/** `codexmon serve` as users run it (the built bin), on a free port. */
export async function startServeProcess(dbPath: string, extraArgs: string[] = [], nodeArgs: string[] = []): Promise<ServeProcess> {
	const child = spawn(process.execPath, [...nodeArgs, CLI_PATH, 'serve', '--port', '0', '--db', dbPath, ...extraArgs], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
			if (match) {
				resolve(Number(match[1]));
			}
		});
		child.once('exit', code => {
			reject(new Error(`serve exited ${code}: ${output}`));
		});
	});
	return {
		child,
		port,
		async stop() {
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/** Resident memory of a process, from /proc (Linux). */
export function rssBytes(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const match = /VmRSS:\s+(\d+) kB/.exec(status);
	return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** User + system CPU time of a process in ms, from /proc (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
	const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) * 10;
}
