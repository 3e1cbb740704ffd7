/** Record types a rollout holds that carry nothing the session model keeps. */
export const IGNORED_TYPES = new Set(['world_state']);

/** `event_msg` payloads the converter knowingly leaves out. */
export const IGNORED_EVENT_MESSAGES = new Set([
	'thread_settings_applied', 'user_message', 'agent_message', 'agent_reasoning', 'agent_reasoning_raw_content', 'exec_command_begin',
	'exec_command_end', 'patch_apply_begin', 'patch_apply_end', 'mcp_tool_call_begin', 'mcp_tool_call_end', 'web_search_begin',
	'web_search_end', 'turn_diff', 'entered_review_mode', 'exited_review_mode', 'background_event', 'plan_update', 'context_compacted',
	'item_started', 'stream_error', 'warning',
]);

/** `response_item` payloads the converter reads; messages and reasoning (most of a big file) are not. */
export const USED_RESPONSE_ITEMS = new Set(['function_call', 'custom_tool_call', 'local_shell_call', 'function_call_output', 'custom_tool_call_output', 'web_search_call']);

/** Codex writes each line as `{"timestamp":…,("ordinal":N,)"type":…,"payload":{"type":…`: the kind is in the first bytes. */
const LINE_HEAD = /^\{"timestamp":"([^"]{0,64})",(?:"ordinal":\d{1,15},)?"type":"([a-z_]{1,40})"(?:,"payload":\{"type":"([A-Za-z_]{1,60})")?/;
const HEAD_BYTES = 200;

/**
 * Whether a line is one the converter would read and drop, told from its first bytes without parsing it.
 * Only lines in Codex's own layout are judged; anything else is parsed (and counted if unknown).
 */
export function isIgnorableLine(bytes: Buffer, start: number, end: number): boolean {
	const head = LINE_HEAD.exec(bytes.toString('latin1', start, Math.min(end, start + HEAD_BYTES)));
	if (!head) {
		return false;
	}

	const [, , type, payloadType] = head;
	if (IGNORED_TYPES.has(type!)) {
		return true;
	}

	if (type === 'response_item') {
		return payloadType !== undefined && !USED_RESPONSE_ITEMS.has(payloadType);
	}

	return type === 'event_msg' && payloadType !== undefined && IGNORED_EVENT_MESSAGES.has(payloadType);
}

/**
 * A `compacted` record re-embeds the history it replaces (hundreds of MiB in real files: openai/codex#24948),
 * and the model keeps only that a compaction happened, and when. Such a line is given as this short summary
 * (its timestamp and type) instead of being read and parsed.
 */
export function summarizeLine(bytes: Buffer, start: number, end: number): Buffer | undefined {
	const head = LINE_HEAD.exec(bytes.toString('latin1', start, Math.min(end, start + HEAD_BYTES)));
	if (head?.[2] !== 'compacted') {
		return undefined;
	}

	return Buffer.from(JSON.stringify({timestamp: head[1], type: 'compacted', payload: {}}), 'latin1');
}
