import {exitCodeOf} from '../model/tool-command.js';
import type {ToolCall} from '../model/session.js';
import {commandSignature} from '../model/command-signature.js';
import {resultDigest} from '../model/result-digest.js';

/** What the loop detectors compare about a call, computed once per call and result. */
export type CallFacts = {
	/** Tool and raw arguments: identical calls. */
	exact: string;
	/** Tool and the command's meaning: calls that differ only trivially. */
	signature: string;
	/** The result, volatile parts masked; empty while there is none. */
	result: string;
	failed: boolean;
};

const cache = new WeakMap<ToolCall, {key: string; facts: CallFacts}>();

export function callFacts(call: ToolCall): CallFacts {
	const key = `${call.arguments.length}:${call.output.length}:${String(call.success)}:${call.hasResult}`;
	const cached = cache.get(call);
	if (cached?.key === key) {
		return cached.facts;
	}

	const exitCode = exitCodeOf(call.output);
	const facts: CallFacts = {
		exact: `${call.tool}\u0000${call.arguments}`,
		signature: commandSignature(call),
		result: call.hasResult ? resultDigest(call.output, call.success) : '',
		failed: call.hasResult && (call.success === false || (exitCode !== undefined && exitCode !== 0)),
	};
	cache.set(call, {key, facts});
	return facts;
}
