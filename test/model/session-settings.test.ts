import {describe, expect, test} from 'vitest';
import type {ConversationStartsEvent} from '../../source/model/codex-event.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {NO_SESSION_SETTINGS} from '../../source/model/session-settings.js';
import {eventsOfCaptureFrom, reduceEvents} from '../helpers/pipeline.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';

const isStarts = (event: {kind: string}): event is ConversationStartsEvent => event.kind === 'conversation_starts';

describe('session settings (one SessionSettings for the event and the session)', () => {
	test('a session takes every setting of its conversation_starts', () => {
		const events = eventsOfCaptureFrom('codex-0.171.0', 'exec-mcp-tool');
		const starts = events.find(isStarts)!;
		const session = reduceEvents(events).sessions.get(starts.conversationId)!;
		for (const key of Object.keys(NO_SESSION_SETTINGS) as Array<keyof typeof NO_SESSION_SETTINGS>) {
			expect(session[key], key).toBe(starts[key]);
		}

		expect(session.serviceName).toBe('codex_exec');
		expect(session.mcpServers).not.toBe('');
	});

	test('a later conversation_starts that leaves a setting empty (the rollout has no service name) keeps the earlier one', () => {
		const telemetry = eventsOfCaptureFrom('codex-0.171.0', 'tui-session');
		const fromTelemetry = telemetry.find(isStarts)!;
		const rollout = rolloutToEvents(loadRolloutsFrom('codex-0.171.0', 'tui-session').map(file => file.text).join('\n').split('\n'));
		const fromRollout = rollout.events.map(({event}) => event).filter(isStarts).find(event => event.conversationId === fromTelemetry.conversationId)!;
		expect(fromRollout.serviceName).toBe('');
		expect(fromTelemetry.serviceName).not.toBe('');

		const session = reduceEvents([...telemetry, fromRollout]).sessions.get(fromTelemetry.conversationId)!;
		expect(session.serviceName).toBe(fromTelemetry.serviceName);
		expect(session.entry).toBe('interactive');
		expect(session.appVersion).toBe(fromRollout.appVersion || fromTelemetry.appVersion);
		expect(session.model).toBe(fromRollout.model || fromTelemetry.model);
	});
});
