import type {ToolCall} from './session.js';

/**
 * What a tool call did, in one line: the shell command of `exec_command`/`shell` calls (`cmd` as a string
 * or argv array), else the tool name and its shortest telling argument.
 */
export function describeToolCall(call: Pick<ToolCall, 'tool' | 'arguments'>): string {
	const parsed = parseArguments(call.arguments);
	const command = parsed?.cmd ?? parsed?.command;
	if (typeof command === 'string') {
		return command;
	}

	if (Array.isArray(command) && command.every(part => typeof part === 'string')) {
		const parts = command as string[];
		// ["bash", "-lc", "script"] is how Codex runs a script: show the script.
		return parts.length === 3 && /^(ba|z)?sh$/.test(parts[0]!) && parts[1]!.startsWith('-') ? parts[2]! : parts.join(' ');
	}

	if (parsed) {
		const first = Object.entries(parsed).find(([, value]) => typeof value === 'string' && value !== '');
		return first ? `${call.tool} ${String(first[1])}` : call.tool;
	}

	return call.arguments ? `${call.tool} ${call.arguments}` : call.tool;
}

export function parseArguments(text: string): Record<string, unknown> | undefined {
	if (!text.startsWith('{')) {
		return undefined;
	}

	try {
		const parsed = JSON.parse(text) as unknown;
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Codex's `success` is not the exit status (it is "true" for a command that exited 2): the exit code is only
 * in the output text, `Process exited with code N` (exec_command, shell) or `Exit code: N` (apply_patch).
 */
export function exitCodeOf(output: string): number | undefined {
	const match = /(?:Process exited with code|^Exit code:) (-?\d+)/m.exec(output);
	return match ? Number(match[1]) : undefined;
}

/** A finished call failed: Codex said so, or the command exited non-zero. */
export function callFailed(call: Pick<ToolCall, 'success' | 'output'>): boolean {
	const exitCode = exitCodeOf(call.output);
	return call.success === false || (exitCode !== undefined && exitCode !== 0);
}

/** A call's result in a word or two: `ok`, `exit 2`, `fail`, `abort`, or `…` while it runs. */
export function callResultLabel(call: Pick<ToolCall, 'success' | 'output' | 'hasResult' | 'aborted'>): string {
	if (!call.hasResult) {
		return call.aborted ? 'abort' : '…';
	}

	const exitCode = exitCodeOf(call.output);
	if (exitCode !== undefined && exitCode !== 0) {
		return `exit ${exitCode}`;
	}

	return call.success === false ? 'fail' : 'ok';
}
