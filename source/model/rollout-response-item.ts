import {type Json, field, stringOf, textOf} from './rollout-json.js';
import {emit, type RolloutState, skip} from './rollout-state.js';

/** Tools that run a command: when no execution item reports on them, they never ran (rejected). */
const COMMAND_TOOLS = new Set(['exec_command', 'shell', 'local_shell', 'container.exec', 'shell_command']);

const ABORTED_OUTPUT = /^(?:Wall time: [\d.]+ seconds\n)?aborted(?: by user)?/;

/** A `response_item` line: a web search, a tool call (held until its output), a tool output. */
export function applyResponseItem(state: RolloutState, atMs: number, payload: Json): void {
	const kind = stringOf(payload.type) ?? '';
	switch (kind) {
		case 'web_search_call': {
			emit(state, atMs, state.turnId, {kind: 'web_search', phase: 'completed', query: stringOf(field(payload, 'action', 'query')) ?? ''});
			break;
		}

		case 'function_call':
		case 'custom_tool_call':
		case 'local_shell_call': {
			const callId = stringOf(payload.call_id) ?? stringOf(payload.id) ?? '';
			state.calls.set(callId, {
				callId,
				tool: stringOf(payload.name) ?? (kind === 'local_shell_call' ? 'local_shell' : ''),
				namespace: stringOf(payload.namespace) ?? '',
				arguments: stringOf(payload.arguments) ?? stringOf(payload.input) ?? JSON.stringify(payload.action ?? ''),
				atMs,
				turnId: turnOfItem(payload) ?? state.turnId,
			});
			break;
		}

		case 'function_call_output':
		case 'custom_tool_call_output': {
			applyToolOutput(state, atMs, payload);
			break;
		}
	}
}

/** A tool output: the result of the call it answers (or its abort), and the next model request starts here. */
function applyToolOutput(state: RolloutState, atMs: number, payload: Json): void {
	const callId = stringOf(payload.call_id) ?? '';
	const call = state.calls.get(callId);
	const output = outputOf(payload.output);
	state.requestStartMs = atMs;
	if (!call) {
		skip(state, 'tool output without its call');
		return;
	}

	state.calls.delete(callId);
	if (ABORTED_OUTPUT.test(output)) {
		emit(state, atMs, call.turnId, {kind: 'tool_span', turnId: call.turnId ?? '', callId, tool: call.tool, startMs: call.atMs, endMs: atMs, aborted: true});
		return;
	}

	const item = state.items.get(callId);
	state.items.delete(callId);
	emit(state, atMs, call.turnId, {
		kind: 'tool_result',
		callId,
		tool: call.tool,
		namespace: call.namespace,
		arguments: call.arguments,
		output,
		outputTruncated: false,
		durationMs: item?.durationMs ?? Math.max(0, atMs - call.atMs),
		// As in Codex's telemetry: a command that ran succeeded as a tool call, whatever its exit code.
		success: item ? item.status !== 'declined' : (COMMAND_TOOLS.has(call.tool) ? false : null),
		agentName: '',
	});
	const child = call.tool === 'spawn_agent' ? spawnedAgent(output) : undefined;
	if (child) {
		state.sink.event(state.ordinal++, {event: {conversationId: child.agentId, atMs, kind: 'subagent_spawned', parentConversationId: state.conversationId!, callId, nickname: child.nickname}, turnId: null});
	}
}

function outputOf(output: unknown): string {
	if (typeof output === 'string') {
		return output;
	}

	const content = (output as Json | undefined)?.content;
	return typeof content === 'string' ? content : textOf(content ?? output);
}

function turnOfItem(payload: Json): string | undefined {
	return stringOf((payload.internal_chat_message_metadata_passthrough as Json | undefined)?.turn_id);
}

function spawnedAgent(output: string): {agentId: string; nickname: string} | undefined {
	try {
		const parsed = JSON.parse(output) as Json;
		const agentId = stringOf(parsed.agent_id);
		return agentId ? {agentId, nickname: stringOf(parsed.nickname) ?? ''} : undefined;
	} catch {
		return undefined;
	}
}
