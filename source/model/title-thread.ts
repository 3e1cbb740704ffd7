import type {UserPromptEvent} from './codex-event.js';
import type {Session} from './session.js';

/** @NOTE codex 0.169.0: the interactive TUI asks a hidden side thread for a title with this prompt. */
const TITLE_PROMPT_PREFIX = 'Generate a concise, single-line task title';

/** A redacted title prompt is still long: 439-473 characters in the captures; user prompts rarely are, in a read-only thread without MCP. */
const TITLE_PROMPT_MIN_LENGTH = 300;

/** After a session's first prompt: a prompt that looks like the title request marks the session a title thread. */
export function noteTitlePrompt(session: Session, event: UserPromptEvent): void {
	if (session.turns.length === 1 && looksLikeTitlePrompt(session, event)) {
		session.looksLikeTitle = true;
		if (session.kind === 'main') {
			session.kind = 'title';
		}
	}
}

/** A title thread calls no tools: a session that did is no title thread, whatever its prompt looked like. */
export function notTitleThread(session: Session): void {
	if (session.kind === 'title') {
		session.kind = 'main';
	}

	session.looksLikeTitle = false;
}

function looksLikeTitlePrompt(session: Session, event: UserPromptEvent): boolean {
	if (event.prompt.startsWith(TITLE_PROMPT_PREFIX)) {
		return true;
	}

	return event.prompt === '[REDACTED]'
		&& session.entry === 'interactive'
		&& session.sandboxPolicy === 'read-only'
		&& !session.mcpServers.includes('codex_tui')
		&& event.promptLength >= TITLE_PROMPT_MIN_LENGTH;
}
