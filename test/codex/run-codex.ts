import {spawn, type ChildProcess} from 'node:child_process';
import type {CodexHome} from './codex-home.js';

/** The exit code, or a clear error when the binary could not even start. */
async function exitOf(child: ChildProcess, binary: string): Promise<number | null> {
	return new Promise((resolve, reject) => {
		child.once('error', error => {
			reject(new Error(`could not run ${binary}: ${error.message}`));
		});
		child.once('close', code => {
			resolve(code);
		});
	});
}

export type ExecResult = {status: number | null; stdout: string; stderr: string; conversationId: string | undefined};

/** `codex exec` with only the throwaway home's environment, as the captures ran it. */
export async function runCodexExec(codex: CodexHome, prompt: string, timeoutMs = 90_000): Promise<ExecResult> {
	const child = spawn(codex.binary, ['exec', '--skip-git-repo-check', prompt], {cwd: codex.workdir, env: codex.env, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const status = await exitOf(child, codex.binary);
	clearTimeout(timer);
	const conversationId = /session id:\s*([\da-f-]{36})/i.exec(stderr + stdout)?.[1];
	return {status, stdout, stderr, conversationId};
}

/** The daemon outlives the TUI and keeps its telemetry until it stops: stopping it flushes. */
export async function stopAppServerDaemon(codex: CodexHome): Promise<{status: number | null; output: string}> {
	const child = spawn(codex.binary, ['app-server', 'daemon', 'stop'], {cwd: codex.workdir, env: codex.env, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	const status = await exitOf(child, codex.binary);
	clearTimeout(timer);
	return {status, output};
}
