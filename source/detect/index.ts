import type {SessionObserver} from './session-observer.js';
import type {CodexEvent} from '../model/codex-event.js';
import type {PriceBook} from '../model/price-book.js';
import type {Session} from '../model/session.js';
import {detectCallCycle} from './call-cycle.js';
import {detectDailyBudget} from './daily-budget.js';
import {detectPlanLimit} from './plan-limit.js';
import {createDailySpend} from './daily-spend.js';
import type {AlertListener} from './raise-alert.js';
import {detectModelFailures} from './model-failures.js';
import {detectRepeatedCall} from './repeated-call.js';
import {detectRunawaySession} from './runaway.js';
import {detectStalledTurn} from './stalled-turn.js';
import type {Thresholds} from './thresholds.js';
import type {SessionSummary} from '../model/session-summary.js';
import {seedDailySpend} from './seed-daily-spend.js';

/** Events after which the loop detectors look again: a call got its result (or was aborted). */
const LOOP_EVIDENCE = new Set<CodexEvent['kind']>(['tool_result', 'tool_span']);
/** Events that move tokens, requests, time or failures. */
const RUNAWAY_EVIDENCE = new Set<CodexEvent['kind']>(['sse_usage', 'api_request', 'websocket_request', 'tool_result', 'turn_span', 'user_prompt', 'agent_response']);
/** Events that add a failed attempt, or end a turn and so make its open request a final failure. */
const MODEL_FAILURE_EVIDENCE = new Set<CodexEvent['kind']>(['api_request', 'websocket_request', 'stream_error', 'user_prompt', 'agent_response', 'turn_span', 'session_span']);

/**
 * The detectors, as an observer of the session engine: they run on the event that completes their evidence,
 * with the event's own time (no clock reads), so live ingest, `show` and replay raise the same alerts.
 */
export function createDetectorObserver(options: {thresholds: Thresholds; prices: PriceBook; onAlert?: AlertListener; storedSpend?: () => readonly SessionSummary[]}): SessionObserver {
	const {thresholds, prices} = options;
	const hasDailyBudget = thresholds.dailyTokens !== undefined || thresholds.dailyCostUsd !== undefined || thresholds.groupBudgets.some(group => group.dailyTokens ?? group.dailyCostUsd);
	const spend = hasDailyBudget ? createDailySpend(prices) : undefined;
	if (spend && options.storedSpend) {
		seedDailySpend(spend, options.storedSpend(), thresholds, prices);
	}

	return (session: Session, event: CodexEvent, context) => {
		if (session.kind === 'title') {
			return;
		}

		// Only alerts raised by events that just arrived reach --on-alert; a rebuild raises them silently.
		const onAlert = context.live ? options.onAlert : undefined;
		const nowMs = 'endMs' in event ? event.endMs : event.atMs;
		if (LOOP_EVIDENCE.has(event.kind)) {
			const inCycle = detectCallCycle(session, nowMs, thresholds, onAlert);
			detectRepeatedCall(session, nowMs, thresholds, onAlert, inCycle);
		}

		if (event.kind === 'sse_usage' || event.kind === 'api_request' || event.kind === 'websocket_request') {
			detectStalledTurn(session, nowMs, thresholds, onAlert);
		}

		if (MODEL_FAILURE_EVIDENCE.has(event.kind)) {
			detectModelFailures(session, nowMs, onAlert);
		}

		if (event.kind === 'rate_limits' || event.kind === 'usage_limit_reached') {
			detectPlanLimit(session, event, thresholds, onAlert);
		}

		if (RUNAWAY_EVIDENCE.has(event.kind)) {
			detectRunawaySession(session, nowMs, {thresholds, prices, onAlert});
			if (spend && (event.kind === 'sse_usage' || event.kind === 'turn_span')) {
				detectDailyBudget(session, nowMs, spend, thresholds, onAlert);
			}
		}
	};
}
