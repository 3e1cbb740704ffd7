import {toIso} from './session-document.js';
import type {Session} from './session.js';
import {sessionModelRequestCount, sessionUsage} from './selectors.js';
import type {TokenUsage} from './tokens.js';

/** What the session list needs of a session; stored so listing never replays events. */
export type SessionSummary = {
	conversationId: string;
	kind: Session['kind'];
	parentConversationId: string | null;
	entry: Session['entry'];
	model: string;
	serviceName: string;
	startedAt: string;
	lastSeenAt: string;
	endedAt: string | null;
	turns: number;
	modelRequests: number;
	toolCalls: number;
	tokens: TokenUsage;
	alerts: number;
	/** The first user prompt, shortened: what the session was about. */
	firstPrompt: string;
};

const FIRST_PROMPT_MAX_LENGTH = 120;

export function summarizeSession(session: Session): SessionSummary {
	const firstPrompt = session.turns.find(turn => turn.hasPrompt)?.prompt ?? '';
	return {
		conversationId: session.conversationId,
		kind: session.kind,
		parentConversationId: session.parentConversationId,
		entry: session.entry,
		model: session.model,
		serviceName: session.serviceName,
		startedAt: toIso(session.startedAtMs),
		lastSeenAt: toIso(session.lastSeenAtMs),
		endedAt: session.endedAtMs === null ? null : toIso(session.endedAtMs),
		turns: session.turns.length,
		modelRequests: sessionModelRequestCount(session),
		toolCalls: session.toolCalls.size,
		tokens: sessionUsage(session),
		alerts: session.alerts.length,
		firstPrompt: firstPrompt.length > FIRST_PROMPT_MAX_LENGTH ? `${firstPrompt.slice(0, FIRST_PROMPT_MAX_LENGTH - 1)}…` : firstPrompt,
	};
}
