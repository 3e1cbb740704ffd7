import type {SessionIndex} from './session-index.js';

export type Resolution =
	| {kind: 'found'; conversationId: string}
	| {kind: 'unknown'; message: string}
	| {kind: 'ambiguous'; message: string; candidates: string[]};

/** A full conversation id, or a unique prefix (or tail, as lists show it) of one. */
export function resolveConversation(index: SessionIndex, text: string): Resolution {
	const query = text.trim().toLowerCase();
	if (query === '') {
		return {kind: 'unknown', message: 'a conversation id (or a unique prefix of one) is required'};
	}

	if (index.get(query)) {
		return {kind: 'found', conversationId: query};
	}

	const candidates = index.findIds(query);
	if (candidates.length === 1) {
		return {kind: 'found', conversationId: candidates[0]!};
	}

	if (candidates.length === 0) {
		return {kind: 'unknown', message: `no session matches "${text}" (list them with \`codexmon sessions --all\`)`};
	}

	return {kind: 'ambiguous', message: `"${text}" matches ${candidates.length} sessions; give more of the id:`, candidates};
}
