/**
 * How a session runs, as its `codex.conversation_starts` (or a rollout's session_meta) tells it: one type for
 * the event and the session, so a new setting is added in one place. An empty string means "not said".
 */
export type SessionSettings = {
	serviceName: string;
	originator: string;
	model: string;
	provider: string;
	approvalPolicy: string;
	sandboxPolicy: string;
	reasoningEffort: string;
	mcpServers: string;
	appVersion: string;
};

/** A session's settings before any conversation_starts arrived. */
export const NO_SESSION_SETTINGS: Readonly<SessionSettings> = Object.freeze({
	serviceName: '',
	originator: '',
	model: '',
	provider: '',
	approvalPolicy: '',
	sandboxPolicy: '',
	reasoningEffort: '',
	mcpServers: '',
	appVersion: '',
});

/**
 * A later conversation_starts (a resume) over what the session had: each setting it says wins, one it leaves
 * empty keeps the earlier value. `mcpServers` always follows the latest process: an empty list is a list.
 */
export function applySessionSettings(session: SessionSettings, next: SessionSettings): void {
	for (const key of Object.keys(NO_SESSION_SETTINGS) as Array<keyof SessionSettings>) {
		session[key] = key === 'mcpServers' ? next[key] : (next[key] || session[key]);
	}
}
