import {describeToolCall} from '../model/tool-command.js';
import type {Session, ToolCall} from '../model/session.js';
import {callFacts} from './call-facts.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';
import {quoteCommand, recentCallsWithResult} from './recent-calls.js';
import type {Thresholds} from './thresholds.js';

/**
 * repeat / near-repeat: the same call (or one that differs only trivially) with the same result, N times
 * among the recent calls. A repeat whose result changed is progress and does not count.
 */
export function detectRepeatedCall(session: Session, nowMs: number, thresholds: Thresholds, onAlert?: AlertListener, inCycle: ReadonlySet<string> = new Set()): void {
	const groups = new Map<string, ToolCall[]>();
	for (const call of recentCallsWithResult(session, thresholds.loopWindow)) {
		const facts = callFacts(call);
		const key = `${facts.signature}\u0000${facts.result}`;
		groups.set(key, [...(groups.get(key) ?? []), call]);
	}

	for (const calls of groups.values()) {
		const severity = severityFor(calls.length, {warning: thresholds.loopWarning, critical: thresholds.loopCritical});
		if (!severity) {
			continue;
		}

		const first = calls[0]!;
		const facts = callFacts(first);
		if (inCycle.has(facts.signature)) {
			continue;
		}

		const identical = calls.every(call => callFacts(call).exact === facts.exact);
		const pattern = identical ? 'repeat' : 'near-repeat';
		const command = quoteCommand(describeToolCall(first));
		raiseAlert(session, {
			key: `loop:same-call:${facts.signature}`,
			kind: 'loop',
			pattern,
			severity,
			atMs: nowMs,
			message: identical
				? `${first.tool} ${command} ran ${calls.length}× with the same result`
				: `${calls.length} near-identical ${first.tool} calls like ${command}, same result`,
			callIds: calls.map(call => call.callId),
			evidence: {normalizedCommand: facts.signature, count: calls.length, window: thresholds.loopWindow, identical},
		}, onAlert);
	}
}
