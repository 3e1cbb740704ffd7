import type {PriceBook} from '../model/price-book.js';
import {costOfUsageByModel} from '../model/session-cost.js';
import type {ModelState} from '../model/session-reducer.js';
import {sessionStatus, type SessionStatus} from '../model/session-status.js';
import {summarizeSession, type SessionSummary} from '../model/session-summary.js';
import type {Session} from '../model/session.js';
import {describeToolCall} from '../model/tool-command.js';
import {statusOf} from './session-screen-data.js';

export type ListRow = {summary: SessionSummary; status: SessionStatus; depth: 0 | 1; session: Session | undefined};

const summaries = new WeakMap<Session, {version: number; summary: SessionSummary}>();

/** A session's summary, computed again only when it changed. */
export function cachedSummary(session: Session, prices: PriceBook): SessionSummary {
	const cached = summaries.get(session);
	if (cached && cached.version === session.version) {
		return cached.summary;
	}

	const summary = summarizeSession(session, prices);
	summaries.set(session, {version: session.version, summary});
	return summary;
}

/**
 * Live and recorded sessions, newest first, each sub-agent right under its parent; title threads hidden.
 * A filter matches the id, model, entry point and prompt, and for sessions in memory also their tools,
 * commands and decisions; a matching sub-agent keeps its parent in view.
 */
export function buildSessionListRows(model: ModelState, stored: readonly SessionSummary[], options: {nowMs: number; prices: PriceBook; filter: string}): ListRow[] {
	const byId = new Map<string, {summary: SessionSummary; session: Session | undefined}>();
	for (const summary of stored) {
		byId.set(summary.conversationId, {summary: {...summary, costUsd: summary.usageByModel ? costOfUsageByModel(summary.usageByModel, options.prices) : summary.costUsd ?? null}, session: undefined});
	}

	for (const session of model.sessions.values()) {
		byId.set(session.conversationId, {summary: cachedSummary(session, options.prices), session});
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

		rows.push({...root, status: sessionStatus(root.summary, options.nowMs), depth: 0});
		for (const kid of matchingKids) {
			rows.push({...kid, status: sessionStatus(kid.summary, options.nowMs), depth: 1});
		}
	}

	return rows;
}

function matches(entry: {summary: SessionSummary; session: Session | undefined}, query: string): boolean {
	if (query === '') {
		return true;
	}

	const {summary, session} = entry;
	const fields = [summary.conversationId, summary.model, summary.entry, summary.kind, summary.firstPrompt];
	if (session) {
		for (const call of session.toolCalls.values()) {
			fields.push(call.tool, describeToolCall(call), call.decision ?? '', call.decisionSource ?? '');
		}
	}

	return fields.some(field => field.toLowerCase().includes(query));
}

/**
 * The session follow mode shows: the newest (last started) live main session; when none is live, the one with
 * the latest activity, so the screen still shows the last thing that happened. Only sessions received since start.
 */
export function newestLiveSession(model: ModelState, nowMs: number): Session | undefined {
	let newestLive: Session | undefined;
	let latest: Session | undefined;
	for (const session of model.sessions.values()) {
		if (session.kind !== 'main' || session.turns.length === 0) {
			continue;
		}

		if (statusOf(session, nowMs) === 'live' && (!newestLive || session.startedAtMs > newestLive.startedAtMs)) {
			newestLive = session;
		}

		if (!latest || session.lastSeenAtMs > latest.lastSeenAtMs) {
			latest = session;
		}
	}

	return newestLive ?? latest;
}
