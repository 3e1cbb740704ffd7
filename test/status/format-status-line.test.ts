import {expect, test} from 'vitest';
import {resolveConfig} from '../../source/config.js';
import {createEngine} from '../../source/app/create-engine.js';
import {summarizeSession} from '../../source/model/session-summary.js';
import {overviewOfSummaries} from '../../source/model/status-overview.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {formatStatusLine, tmuxStyled} from '../../source/status/format-status-line.js';
import {loadCapture} from '../helpers/captures.js';
import {eventsOfRequest} from '../helpers/pipeline.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';

const config = resolveConfig({config: '/dev/null'});

/** The overview of real sessions, folded as the receiver folds them, seen `afterMs` after their last event. */
function overviewOf(events: Parameters<ReturnType<typeof createEngine>['applyAll']>[0], afterMs: number) {
	const engine = createEngine(config);
	engine.applyAll(events);
	const sessions = [...engine.model.sessions.values()];
	const nowMs = Math.max(...sessions.map(session => session.lastSeenAtMs)) + afterMs;
	return {overview: overviewOfSummaries(sessions.map(session => summarizeSession(session, config.prices)), nowMs, 12_345), nowMs};
}

test('a loop still at its warning: yellow in tmux; the live count, tokens per minute and cost in text', () => {
	const {overview, nowMs} = overviewOf(loadCapture('exec-loop').slice(0, 5).flatMap(request => eventsOfRequest(request)), 1000);
	expect(overview.alerts.map(alert => alert.severity)).toEqual(['warning']);
	const line = formatStatusLine(overview, true, nowMs, 60);
	expect(line).toMatch(/^◆1 live · 12k tok\/min · \$0\.\d+ today · ⚠ loop 4ec2d11d$/);
	expect(tmuxStyled(line, overview)).toBe(`#[fg=yellow]${line}#[default]`);
});

test('a full plan window shows its reset time and outlasts the cost when narrow; a window past its reset is left out', () => {
	const [rollout] = loadRolloutsFrom('codex-0.171.0', 'exec-usage-limit');
	const events = rolloutToEvents(rollout!.text.split('\n')).events.map(({event}) => event);
	const {overview, nowMs} = overviewOf(events, 1000);
	// The session failed on its usage limit (its process exited): not live any more, its alert still shown.
	expect(formatStatusLine(overview, true, nowMs, 100)).toMatch(/^◆0 live · 12k tok\/min · \$0\.\d+ today · 5h 100% ↺\d\d:\d\d · wk 64% · ‼ plan af2e823e \+1$/);
	expect(formatStatusLine(overview, true, nowMs, 45)).toMatch(/^◆0 live · 5h 100% ↺\d\d:\d\d · ‼ plan af2e823e \+1$/);
	// Six hours on: the 5-hour window has reset, the weekly one has not; the session is long quiet.
	const later = nowMs + (6 * 3_600_000);
	expect(formatStatusLine(overviewOfSummaries([], later, null), false, later, 60)).toBe('codexmon: not running');
	const {overview: old} = overviewOf(events, 6 * 3_600_000);
	expect(formatStatusLine(old, false, later, 60)).toMatch(/^codexmon: not running · \$0\.\d+ today · wk 64%$|^codexmon: not running · wk 64%$/);
});

test('tmux: a # in the line is doubled, so tmux prints it instead of reading a format', () => {
	expect(tmuxStyled('◆1 live · #1', undefined)).toBe('◆1 live · ##1');
});
