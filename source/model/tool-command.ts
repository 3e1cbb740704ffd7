import type {ToolCall} from './session.js';

/**
 * What a tool call did, in one line: the shell command of `exec_command`/`shell` calls (`cmd` as a string
 * or argv array), else the tool name and its shortest telling argument.
 */
export function describeToolCall(call: Pick<ToolCall, 'tool' | 'arguments'>): string {
	const files = patchFiles(call.arguments);
	if (files) {
		return `${call.tool || 'apply_patch'} ${files.join(', ')}`;
	}

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

/**
 * @NOTE codex 0.171.0: apply_patch is a freeform custom tool: its `arguments` are the patch text itself, not JSON.
 * The files it touches are its `*** Add|Update|Delete File:` lines.
 */
export function patchFiles(text: string): string[] | undefined {
	if (!text.startsWith('*** Begin Patch')) {
		return undefined;
	}

	const files = [...text.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)].map(match => match[1]!.trim());
	return files.length > 0 ? files : undefined;
}

export type ToolKind = 'command' | 'patch' | 'mcp' | 'web_search' | 'agent' | 'other';

const COMMAND_TOOLS = new Set(['exec_command', 'shell', 'local_shell', 'shell_command', 'container.exec', 'write_stdin']);

export function toolKind(call: Pick<ToolCall, 'tool' | 'namespace' | 'mcpServer' | 'arguments'>): ToolKind {
	if (call.tool === 'web_search') {
		return 'web_search';
	}

	if (call.mcpServer || call.namespace.startsWith('mcp__')) {
		return 'mcp';
	}

	if (call.tool === 'apply_patch' || call.arguments.startsWith('*** Begin Patch')) {
		return 'patch';
	}

	if (call.tool.endsWith('_agent') || call.tool === 'send_input') {
		return 'agent';
	}

	return COMMAND_TOOLS.has(call.tool) ? 'command' : 'other';
}

/** The MCP server of a call: Codex's `mcp_server`, else the `mcp__<server>` namespace. */
export function mcpServerOf(call: Pick<ToolCall, 'namespace' | 'mcpServer'>): string | null {
	if (call.mcpServer) {
		return call.mcpServer;
	}

	return call.namespace.startsWith('mcp__') ? call.namespace.slice('mcp__'.length) : null;
}

/**
 * Whether the call did what it was asked: Codex's `success`, but false for a non-zero exit (Codex says true for
 * it) and for a refused call; null until its result comes (never, for a call aborted before it ran).
 */
export function callSucceeded(call: Pick<ToolCall, 'success' | 'output' | 'decision' | 'hasResult'>): boolean | null {
	if (!call.hasResult) {
		return null;
	}

	if (call.decision === 'denied') {
		return false;
	}

	const exitCode = exitCodeOf(call.output);
	if (exitCode !== undefined && exitCode !== 0) {
		return false;
	}

	return call.success;
}
