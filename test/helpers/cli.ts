import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {CapturedRequest} from './captures.js';
import {request} from './http.js';

/** The built bin, as users run it (`npm test` builds first). */
export const CLI_PATH = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export function temporaryDirectory(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-test-'));
}

export function runCli(args: string[], options: {env?: NodeJS.ProcessEnv} = {}): {status: number; stdout: string; stderr: string} {
	const result = spawnSync(process.execPath, [CLI_PATH, ...args], {encoding: 'utf8', env: {...process.env, ...options.env}});
	return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

export type Served = {
	process: ChildProcess;
	port: number;
	/** The OTLP/gRPC port, unless started with --no-grpc. */
	grpcPort: number | undefined;
	url: string;
	output: () => string;
	stop(signal?: NodeJS.Signals): Promise<number>;
};

/** Starts `codexmon serve` on a free port (gRPC too) and waits for its listening line; `port` chooses the HTTP port. */
export async function startServe(args: string[], options: {port?: number} = {}): Promise<Served> {
	const child = spawn(process.execPath, [CLI_PATH, 'serve', '--port', String(options.port ?? 0), ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const port = await new Promise<number>((resolve, reject) => {
		const check = () => {
			const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
			if (match) {
				child.stdout!.off('data', check);
				resolve(Number(match[1]));
			}
		};

		child.stdout!.on('data', check);
		child.once('exit', code => {
			reject(new Error(`serve exited with ${code}: ${output}`));
		});
	});
	const grpcPort = /grpc:\/\/\S+:(\d+) \(OTLP\/gRPC\)/.exec(output)?.[1];
	return {
		process: child,
		port,
		grpcPort: grpcPort === undefined ? undefined : Number(grpcPort),
		url: `http://127.0.0.1:${port}`,
		output: () => output,
		async stop(signal = 'SIGTERM') {
			const exited = new Promise<number>(resolve => child.once('exit', code => resolve(code ?? -1)));
			child.kill(signal);
			return exited;
		},
	};
}

/** Posts captured requests in order, as Codex did; fails on any non-200. */
export async function postCapture(url: string, requests: CapturedRequest[]): Promise<void> {
	for (const captured of requests) {
		const result = await request(`${url}${captured.path}`, {headers: {'content-type': captured.contentType}, body: captured.body});
		if (result.status !== 200) {
			throw new Error(`${captured.path} #${captured.seq}: ${result.status} ${result.body.toString()}`);
		}
	}
}

/** runCli without blocking this process: for a CLI that talks to a server the test itself runs. */
export async function runCliAsync(args: string[], options: {env?: NodeJS.ProcessEnv} = {}): Promise<{status: number; stdout: string; stderr: string}> {
	const child = spawn(process.execPath, [CLI_PATH, ...args], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...options.env}});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const status = await new Promise<number>(resolve => child.once('close', code => resolve(code ?? -1)));
	return {status, stdout, stderr};
}
