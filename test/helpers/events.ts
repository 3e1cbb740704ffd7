import type {CodexEvent} from '../../source/model/codex-event.js';
import {makeUsage} from '../../source/model/tokens.js';

/** Builders for constructed sequences, shaped exactly as the normaliser emits them. */
export function conversation(conversationId = '019a0000-0000-7000-8000-00000000beef') {
	let at = Date.parse('2026-11-25T10:00:00Z');
	let calls = 0;
	const next = (ms = 1000) => {
		at += ms;
		return at;
	};

	return {
		conversationId,
		start: (): CodexEvent[] => [
			{kind: 'conversation_starts', conversationId, atMs: next(), serviceName: 'codex_exec', originator: 'codex_exec', model: 'gpt-5.1-codex', provider: 'openai', approvalPolicy: 'never', sandboxPolicy: 'workspace-write', reasoningEffort: '', mcpServers: '', appVersion: '0.169.0', resource: {}},
		],
		prompt: (prompt = 'fix the build'): CodexEvent => ({kind: 'user_prompt', conversationId, atMs: next(), prompt, promptLength: prompt.length, model: 'gpt-5.1-codex'}),
		request: (usage: {input?: number; cached?: number; output?: number; reasoning?: number} = {input: 1000, output: 50}, durationMs = 800): CodexEvent[] => [
			{kind: 'api_request', conversationId, atMs: next(durationMs), durationMs, status: 200, attempt: 0, error: null},
			{kind: 'sse_usage', conversationId, atMs: next(50), usage: makeUsage(usage), cacheWrite: 0},
		],
		/** A shell call through exec_command, as Codex 0.169 sends it, with its result. */
		exec: (cmd: string, output: string, options: {success?: boolean; exitCode?: number} = {}): CodexEvent[] => {
			const callId = `call_${++calls}`;
			const exitCode = options.exitCode ?? 0;
			return [
				{kind: 'tool_decision', conversationId, atMs: next(20), callId, tool: 'exec_command', decision: 'approved', source: 'Config'},
				{kind: 'tool_result', conversationId, atMs: next(300), callId, tool: 'exec_command', namespace: 'functions', arguments: JSON.stringify({cmd, yield_time_ms: 2000}), output: `Chunk ID: ${Math.random().toString(16).slice(2, 8)}\nWall time: 0.${calls}021 seconds\nProcess exited with code ${exitCode}\nOriginal token count: 2\nOutput:\n${output}`, outputTruncated: false, durationMs: 300, success: options.success ?? true, agentName: '/root'},
			];
		},
		tool: (tool: string, args: Record<string, unknown>, output: string): CodexEvent[] => {
			const callId = `call_${++calls}`;
			return [{kind: 'tool_result', conversationId, atMs: next(300), callId, tool, namespace: 'functions', arguments: JSON.stringify(args), output, outputTruncated: false, durationMs: 300, success: true, agentName: '/root'}];
		},
	};
}
