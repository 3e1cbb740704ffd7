import {describe, expect, test} from 'vitest';
import {sessionCwd} from '../../source/model/working-directory.js';
import {rolloutToEvents} from '../../source/model/normalize-rollout.js';
import {CAPTURE_SETS, captureNamesOf} from '../helpers/captures.js';
import {eventsOfCaptureFrom, reduceEvents} from '../helpers/pipeline.js';
import {loadRolloutsFrom} from '../helpers/rollouts.js';

/** What the rollout Codex wrote says of where each of its conversations ran (session_meta's cwd). */
function rolloutDirectories(set: (typeof CAPTURE_SETS)[number], name: string): Map<string, string> {
	const directories = new Map<string, string>();
	for (const {text} of loadRolloutsFrom(set, name)) {
		const meta = JSON.parse(text.split('\n').find(line => line.includes('"type":"session_meta"'))!) as {payload: {id: string; cwd: string}};
		directories.set(meta.payload.id, meta.payload.cwd);
	}

	return directories;
}

const cases = CAPTURE_SETS.flatMap(set => captureNamesOf(set).map(name => ({set, name})));

describe.each(cases)('$set $name', ({set, name}) => {
	test('over OTLP, each conversation has the directory its rollout names (none where no model request was exported)', () => {
		const model = reduceEvents(eventsOfCaptureFrom(set, name));
		const expected = rolloutDirectories(set, name);
		const sampled = eventsOfCaptureFrom(set, name).some(event => event.kind === 'sampling_span');
		for (const session of model.sessions.values()) {
			if (session.kind === 'title') {
				continue;
			}

			// A run_sampling_request span names only its turn: the directory reaches the conversation through the turn.
			expect(session.cwd).toBe(sampled && session.turns.some(turn => turn.modelRequests.length > 0) ? expected.get(session.conversationId) : null);
		}
	});

	test('from the rollout alone, session_meta\'s cwd', () => {
		for (const {text} of loadRolloutsFrom(set, name)) {
			const conversion = rolloutToEvents(text.split('\n'));
			const session = reduceEvents(conversion.events.map(({event}) => event)).sessions.get(conversion.conversationId!)!;
			expect(sessionCwd(session)).toBe(rolloutDirectories(set, name).get(conversion.conversationId!));
		}
	});
});
