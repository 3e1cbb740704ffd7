import type {SessionView} from '../hub/session-view.js';
import {sessionStatus, type SessionStatus} from '../model/session-status.js';
import type {SessionSummary} from '../model/session-summary.js';
import {statusOf} from './session-screen-data.js';

export type ListRow = {summary: SessionSummary; status: SessionStatus; depth: 0 | 1; view: SessionView | undefined};

/**
 * Live and recorded sessions, newest first, each sub-agent right under its parent; title threads hidden.
 * A filter matches the id, model, entry point and prompt, and for sessions in memory also their tools,
 * commands and decisions; a matching sub-agent keeps its parent in view.
 */
export function buildSessionListRows(views: ReadonlyMap<string, SessionView>, stored: readonly SessionSummary[], options: {nowMs: number; filter: string}): ListRow[] {
	const byId = new Map<string, {summary: SessionSummary; view: SessionView | undefined}>();
	for (const summary of stored) {
		byId.set(summary.conversationId, {summary, view: undefined});
	}

	for (const view of views.values()) {
		byId.set(view.conversationId, {summary: view.summary, view});
	}

	const visible = [...byId.values()].filter(entry => entry.summary.kind !== 'title');
	const children = new Map<string, typeof visible>();
	const roots: typeof visible = [];
	for (const entry of visible) {
		const parent = entry.summary.parentConversationId;
		if (entry.summary.kind === 'subagent' && parent && byId.has(parent)) {
			children.set(parent, [...(children.get(parent) ?? []), entry]);
		} else {
			roots.push(entry);
		}
	}

	const newestFirst = (a: {summary: SessionSummary}, b: {summary: SessionSummary}) => b.summary.startedAt.localeCompare(a.summary.startedAt);
	roots.sort(newestFirst);
	const query = options.filter.trim().toLowerCase();
	const rows: ListRow[] = [];
	for (const root of roots) {
		const kids = (children.get(root.summary.conversationId) ?? []).sort((a, b) => a.summary.startedAt.localeCompare(b.summary.startedAt));
		const rootMatches = matches(root, query);
		const matchingKids = kids.filter(kid => rootMatches || matches(kid, query));
		if (!rootMatches && matchingKids.length === 0) {
			continue;
		}

		rows.push({...root, status: statusOfEntry(root, options.nowMs), depth: 0});
		for (const kid of matchingKids) {
			rows.push({...kid, status: statusOfEntry(kid, options.nowMs), depth: 1});
		}
	}

	return rows;
}

function statusOfEntry(entry: {summary: SessionSummary; view: SessionView | undefined}, nowMs: number): SessionStatus {
	return entry.view ? statusOf(entry.view, nowMs) : sessionStatus(entry.summary, nowMs);
}

function matches(entry: {summary: SessionSummary; view: SessionView | undefined}, query: string): boolean {
	if (query === '') {
		return true;
	}

	const {summary, view} = entry;
	const fields = [summary.conversationId, summary.model, summary.entry, summary.kind, summary.firstPrompt];
	for (const {call, command} of view?.calls ?? []) {
		fields.push(call.tool, command, call.decision ?? '', call.decisionSource ?? '');
	}

	return fields.some(field => field.toLowerCase().includes(query));
}

/**
 * The session follow mode shows: the newest (last started) live main session; when none is live, the one with
 * the latest activity, so the screen still shows the last thing that happened. Only sessions received since start.
 */
export function newestLiveSession(views: ReadonlyMap<string, SessionView>, nowMs: number): SessionView | undefined {
	let newestLive: SessionView | undefined;
	let latest: SessionView | undefined;
	for (const view of views.values()) {
		const {session} = view;
		if (session.kind !== 'main' || session.turns.length === 0) {
			continue;
		}

		if (statusOf(view, nowMs) === 'live' && (!newestLive || session.startedAtMs > newestLive.session.startedAtMs)) {
			newestLive = view;
		}

		if (!latest || session.lastSeenAtMs > latest.session.lastSeenAtMs) {
			latest = view;
		}
	}

	return newestLive ?? latest;
}
