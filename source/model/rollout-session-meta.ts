import {type Json, field, stringOf} from './rollout-json.js';
import {emitAt, PARENT_LINK_ORDINAL, type RolloutState, STARTS_ORDINAL} from './rollout-state.js';

/** The telemetry service name of an entry point whose originator differs from it; others keep the originator. */
const SERVICE_OF_ORIGINATOR: Record<string, string> = {codex_exec: 'codex_exec'};

/** The file's `session_meta`: its conversation, its start, and the link to a parent thread when it has one. */
export function openMeta(state: RolloutState, atMs: number, payload: Json): void {
	state.meta = payload;
	state.conversationId = stringOf(payload.id) ?? stringOf(payload.session_id) ?? null;
	state.metaMs = Date.parse(stringOf(payload.timestamp) ?? '') || atMs;
	state.turnStartMs = state.metaMs;
	state.requestStartMs = state.metaMs;
	const parent = stringOf(payload.parent_thread_id) ?? stringOf(field(payload, 'source', 'subagent', 'thread_spawn', 'parent_thread_id'));
	if (state.conversationId && parent) {
		emitAt(state, PARENT_LINK_ORDINAL, state.metaMs, null, {kind: 'subagent_spawned', parentConversationId: parent, callId: '', nickname: stringOf(payload.agent_nickname) ?? ''});
	}
}

/** The conversation_starts of the file, from its `session_meta` and its first `turn_context` (when one came). */
export function writeStarts(state: RolloutState, context: Json | undefined): void {
	const meta = state.meta!;
	state.startsWritten = true;
	const originator = stringOf(meta.originator) ?? '';
	emitAt(state, STARTS_ORDINAL, state.metaMs, null, {
		kind: 'conversation_starts',
		serviceName: originator === 'codex_exec' ? 'codex_exec' : '',
		originator,
		model: stringOf(context?.model) ?? '',
		provider: stringOf(meta.model_provider) ?? '',
		approvalPolicy: stringOf(context?.approval_policy) ?? '',
		sandboxPolicy: sandboxOf(context?.sandbox_policy),
		reasoningEffort: stringOf(context?.effort) ?? stringOf(context?.reasoning_effort) ?? '',
		mcpServers: '',
		appVersion: stringOf(meta.cli_version) ?? '',
		resource: resourceOfMeta(meta, originator),
	});
}

/**
 * What session_meta says of where the session ran, as the resource attributes reports group by: the project
 * (the git repository's name, else the working directory's), the service, the directory and git state.
 */
function resourceOfMeta(meta: Json, originator: string): Record<string, string> {
	const resource: Record<string, string> = {};
	const cwd = stringOf(meta.cwd);
	const git = (typeof meta.git === 'object' && meta.git !== null ? meta.git : {}) as Json;
	const repository = stringOf(git.repository_url);
	const project = repository ? repository.replace(/\.git$/, '').split(/[/:]/).filter(Boolean).at(-1) : (cwd ? cwd.split(/[/\\]/).filter(Boolean).at(-1) : undefined);
	const service = SERVICE_OF_ORIGINATOR[originator] ?? (originator || undefined);
	const entries: Array<[string, string | undefined]> = [
		['project', project],
		['service.name', service],
		['process.cwd', cwd],
		['vcs.repository.url', repository],
		['vcs.ref.head.name', stringOf(git.branch)],
		['vcs.ref.head.revision', stringOf(git.commit_hash)],
	];
	for (const [key, value] of entries) {
		if (value) {
			resource[key] = value;
		}
	}

	return resource;
}

function sandboxOf(value: unknown): string {
	if (typeof value === 'string') {
		return value;
	}

	return stringOf((value as Json | undefined)?.type) ?? stringOf((value as Json | undefined)?.mode) ?? '';
}
