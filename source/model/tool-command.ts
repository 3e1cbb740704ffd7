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

/** Codex's `success` is not the exit status: the exit code is only in the output text. */
export function exitCodeOf(output: string): number | undefined {
	const match = /Process exited with code (-?\d+)/.exec(output);
	return match ? Number(match[1]) : undefined;
}
