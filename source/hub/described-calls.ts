import type {ToolCall} from '../model/session.js';
import {callFailed, callResultLabel, describeToolCall} from '../model/tool-command.js';

/** A tool call as the screens show it: its command line, and whether and how it ended. */
export type DescribedCall = {
	readonly call: ToolCall;
	readonly command: string;
	readonly failed: boolean;
	readonly result: string;
};

const described = new WeakMap<ToolCall, {arguments: string; command: string}>();

/** The call's command line; its arguments (JSON) are parsed again only when they changed. */
export function commandOf(call: ToolCall): string {
	const cached = described.get(call);
	if (cached?.arguments === call.arguments) {
		return cached.command;
	}

	const command = describeToolCall(call);
	described.set(call, {arguments: call.arguments, command});
	return command;
}

export function describeCall(call: ToolCall): DescribedCall {
	return {call, command: commandOf(call), failed: call.hasResult && callFailed(call), result: callResultLabel(call)};
}
