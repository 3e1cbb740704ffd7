import type {Session, ToolCall} from '../model/session.js';

/** The last `count` tool calls of a session that have a result, oldest first (bounded work per event). */
export function recentCallsWithResult(session: Session, count: number): ToolCall[] {
	const calls: ToolCall[] = [];
	for (let turnIndex = session.turns.length - 1; turnIndex >= 0 && calls.length < count; turnIndex--) {
		const turnCalls = session.turns[turnIndex]!.toolCalls;
		for (let index = turnCalls.length - 1; index >= 0 && calls.length < count; index--) {
			// A hosted web search has no arguments or output in the telemetry: no evidence of a loop.
			if (turnCalls[index]!.hasResult && turnCalls[index]!.tool !== 'web_search') {
				calls.push(turnCalls[index]!);
			}
		}
	}

	return calls.reverse();
}

/** A command for a message: short, on one line, quoted. */
export function quoteCommand(text: string, max = 48): string {
	const oneLine = text.replaceAll(/\s+/g, ' ').trim();
	return `"${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}"`;
}
