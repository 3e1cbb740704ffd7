import type {TimelineChild, TimelineRow} from '../hub/timeline-view.js';
import type {SessionView} from '../hub/session-view.js';
import type {ToolCall, Turn} from '../model/session.js';

export type {TimelineRow} from '../hub/timeline-view.js';

/**
 * The waterfall's rows from the session's view: each turn, then (unless collapsed) its model requests and tool calls
 * in the order they started; a running turn, and what is still open in it, reach to now.
 */
export function buildTimelineRows(view: SessionView, options: {collapsed: ReadonlySet<string>; nowMs: number; runningTurn?: Turn | undefined; filter?: string}): TimelineRow[] {
	const rows: TimelineRow[] = [];
	const query = (options.filter ?? '').trim().toLowerCase();
	for (const timeline of view.timeline) {
		const {turn, key} = timeline;
		const running = turn === options.runningTurn;
		const endMs = running ? Math.max(options.nowMs, timeline.endMs) : timeline.endMs;
		const collapsed = options.collapsed.has(key);
		const turnRow: TimelineRow = {kind: 'turn', key, turn, startMs: timeline.startMs, endMs, running, collapsed, tokens: timeline.tokens, alert: timeline.alert, outcome: timeline.outcome};
		let children = timeline.children;
		if (query) {
			// A filtered timeline keeps the calls and requests that match, under their turn; a turn whose prompt matches keeps all.
			const promptMatches = turn.prompt.toLowerCase().includes(query);
			const requestsMatch = !promptMatches && turn.modelRequests.length > 0 && turn.model.toLowerCase().includes(query);
			if (!promptMatches) {
				children = children.filter(child => child.kind === 'tool' ? callMatches(child.call, child.command, query) : requestsMatch);
				if (children.length === 0 && !requestsMatch) {
					continue;
				}
			}
		}

		rows.push(turnRow);
		if (!collapsed) {
			for (const child of children) {
				rows.push(childRow(child, endMs, running, options.nowMs));
			}
		}
	}

	return rows;
}

function callMatches(call: ToolCall, command: string, query: string): boolean {
	return [command, call.tool, call.decision ?? '', call.output].some(text => text.toLowerCase().includes(query));
}

/** The view's row itself, unless "now" moves its end: a running turn's rows, and what is still open. */
function childRow(child: TimelineChild, turnEndMs: number, running: boolean, nowMs: number): TimelineRow {
	if (!running && !(child.open && child.kind === 'request')) {
		return child;
	}

	const endMs = child.open ? (child.kind === 'request' ? Math.max(child.endMs, nowMs) : nowMs) : child.endMs;
	return {...child, endMs, axisEndMs: turnEndMs};
}

/** Where a bar sits in `width` columns of an axis; at least one column so nothing vanishes. */
export function placeBar(startMs: number, endMs: number, axisStartMs: number, axisEndMs: number, width: number): {offset: number; length: number} {
	if (width <= 0) {
		return {offset: 0, length: 0};
	}

	const span = Math.max(1, axisEndMs - axisStartMs);
	const offset = Math.min(width - 1, Math.max(0, Math.floor(((startMs - axisStartMs) / span) * width)));
	const end = Math.min(width, Math.max(offset + 1, Math.ceil(((endMs - axisStartMs) / span) * width)));
	return {offset, length: end - offset};
}
