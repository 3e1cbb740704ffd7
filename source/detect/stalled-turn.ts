import {isCompactionRequest} from '../model/model-requests.js';
import type {Session} from '../model/session.js';
import {callFacts} from './call-facts.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';
import type {Thresholds} from './thresholds.js';

/**
 * A stalled turn: model request after model request with no tool result that is new in the turn (new call
 * or new result): the agent talks to itself, or redoes what it did.
 */
export function detectStalledTurn(session: Session, nowMs: number, thresholds: Thresholds, onAlert?: AlertListener): void {
	const turn = session.currentTurn ?? session.turns.at(-1);
	if (!turn || turn.modelRequests.length < thresholds.stallRequests) {
		return;
	}

	const seen = new Set<string>();
	let lastProgressMs = turn.startedAtMs;
	for (const call of turn.toolCalls) {
		if (!call.hasResult) {
			continue;
		}

		const facts = callFacts(call);
		const key = `${facts.signature}\u0000${facts.result}`;
		if (!seen.has(key)) {
			seen.add(key);
			lastProgressMs = Math.max(lastProgressMs, call.endMs ?? call.startMs);
		}
	}

	const stalledRequests = turn.modelRequests.filter(request => request.startMs >= lastProgressMs && !isCompactionRequest(turn, request)).length;
	const severity = severityFor(stalledRequests, {warning: thresholds.stallRequests, critical: thresholds.stallRequests * 2});
	if (!severity) {
		return;
	}

	raiseAlert(session, {
		key: `loop:stalled-turn:${turn.index}`,
		kind: 'loop',
		pattern: 'stalled-turn',
		severity,
		atMs: nowMs,
		message: `turn ${turn.index}: ${stalledRequests} model requests without new tool progress`,
		callIds: turn.toolCalls.map(call => call.callId).slice(-thresholds.loopWindow),
		evidence: {turn: turn.index, modelRequests: turn.modelRequests.length, requestsWithoutProgress: stalledRequests},
	}, onAlert);
}
