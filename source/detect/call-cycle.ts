import {describeToolCall} from '../model/tool-command.js';
import type {Session} from '../model/session.js';
import {callFacts} from './call-facts.js';
import {raiseAlert, severityFor, type AlertListener} from './raise-alert.js';
import {quoteCommand, recentCallsWithResult} from './recent-calls.js';
import type {Thresholds} from './thresholds.js';

const PERIODS = [2, 3] as const;

/** cycle: the last calls repeat a short pattern of different calls (A,B,A,B,… or A,B,C,A,B,C,…) with the same results. */
/** Returns the signatures in an active cycle, so the repeat detector does not report its parts again. */
export function detectCallCycle(session: Session, nowMs: number, thresholds: Thresholds, onAlert?: AlertListener): Set<string> {
	const calls = recentCallsWithResult(session, Math.max(thresholds.loopWindow, 3 * 2 * thresholds.cycleRounds));
	const keys = calls.map(call => {
		const facts = callFacts(call);
		return `${facts.signature}\u0000${facts.result}`;
	});
	for (const period of PERIODS) {
		const head = keys.slice(-period);
		if (head.length < period || new Set(head).size !== period) {
			continue;
		}

		let matched = period;
		while (matched < keys.length && keys[keys.length - 1 - matched] === keys[keys.length - 1 - matched + period]) {
			matched++;
		}

		const rounds = Math.floor(matched / period);
		const severity = severityFor(rounds, {warning: thresholds.cycleRounds, critical: thresholds.cycleRounds * 2});
		if (!severity) {
			// A cycle still forming (two rounds) is not reported yet, but its calls are not repeats either.
			if (rounds >= 2) {
				return new Set(calls.slice(-period).map(call => callFacts(call).signature));
			}

			continue;
		}


		const involved = calls.slice(-rounds * period);
		const pattern = involved.slice(0, period);
		const signatures = pattern.map(call => callFacts(call).signature);
		raiseAlert(session, {
			key: `loop:cycle:${[...signatures].sort().join('\u0001')}`,
			kind: 'loop',
			pattern: 'cycle',
			severity,
			atMs: nowMs,
			message: `${period} calls alternating for ${rounds} rounds: ${pattern.map(call => quoteCommand(describeToolCall(call), 30)).join(' → ')}`,
			callIds: involved.map(call => call.callId),
			evidence: {period, rounds, normalizedCommands: signatures},
		}, onAlert);
		return new Set(signatures);
	}

	return new Set();
}
