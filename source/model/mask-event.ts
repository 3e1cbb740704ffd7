import {createHash} from 'node:crypto';
import {commandSignature} from './command-signature.js';
import {stableOutput} from './result-digest.js';
import type {CodexEvent} from './codex-event.js';
import {exitCodeOf} from './tool-command.js';

/** Codex's own marker for a prompt it did not send. */
const REDACTED = '[REDACTED]';

function shortHash(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function maskText(text: string, hashOf: string = text): string {
	return text === '' || text === REDACTED ? text : `[masked ${text.length} chars #${shortHash(hashOf)}]`;
}

/**
 * `--mask`: what is kept of content before anything is stored. Prompts, tool arguments, tool output and
 * answers become their length and a short hash; the hash of arguments is taken over the command's
 * normalised meaning and the hash of output over its stable part, and an output's exit code is kept, so
 * loop and failure detection keep working on masked data.
 */
export function maskEvent(event: CodexEvent): CodexEvent {
	switch (event.kind) {
		case 'user_prompt': {
			return {...event, prompt: maskText(event.prompt)};
		}

		case 'tool_result': {
			const exitCode = exitCodeOf(event.output);
			return {
				...event,
				arguments: event.arguments === '' ? '' : JSON.stringify({masked: `#${shortHash(commandSignature(event))}`}),
				output: `${maskText(event.output, stableOutput(event.output))}${exitCode === undefined ? '' : `\nProcess exited with code ${exitCode}`}`,
			};
		}

		case 'agent_response': {
			return {...event, response: maskText(event.response)};
		}

		case 'log_event': {
			return {...event, attributes: Object.fromEntries(Object.entries(event.attributes).map(([key, value]) => [key, typeof value === 'string' && value.length > 64 ? maskText(value) : value]))};
		}

		default: {
			return event;
		}
	}
}
