import {execFile} from 'node:child_process';
import {CLI_PATH} from '../helpers/cli.js';
import type {SessionDocument} from '../../source/model/session-document.js';
import type {SessionSummary} from '../../source/model/session-summary.js';

/** The real codexmon CLI, without blocking the event loop: the mock model lives in this process. */
export async function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{status: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [CLI_PATH, ...args], {encoding: 'utf8', env: {...process.env, ...env}, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({status: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr});
		});
	});
}

async function sessions(db: string): Promise<SessionSummary[]> {
	const result = await runCliAsync(['sessions', '--json', '--all', '--db', db]);
	return result.status === 0 ? JSON.parse(result.stdout) as SessionSummary[] : [];
}

export async function show(db: string, conversationId: string): Promise<SessionDocument | undefined> {
	const result = await runCliAsync(['show', conversationId, '--json', '--db', db]);
	return result.status === 0 ? JSON.parse(result.stdout) as SessionDocument : undefined;
}

/** Polls `codexmon show --json` for one conversation until `complete` holds; on timeout the last document is in the error. */
export async function waitForConversation(db: string, conversationId: string, complete: (document: SessionDocument) => boolean, timeoutMs = 60_000): Promise<SessionDocument> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const last = await show(db, conversationId);
		if (last && complete(last)) {
			return last;
		}

		if (Date.now() > deadline) {
			throw new Error(`codexmon never recorded the expected state of ${conversationId}; last show --json:\n${JSON.stringify(last, undefined, 2)}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 250);
		});
	}
}

/**
 * Polls `codexmon show --json` for the session whose first prompt contains `prompt` until `complete` holds.
 * Codex's logs arrive within about a second and its spans up to ~12 s late, so the bound is generous; on
 * timeout the last document is in the error.
 */
export async function waitForSession(db: string, prompt: string, complete: (document: SessionDocument) => boolean, timeoutMs = 60_000): Promise<SessionDocument> {
	const deadline = Date.now() + timeoutMs;
	let last: SessionDocument | undefined;
	for (;;) {
		const row = (await sessions(db)).find(session => session.firstPrompt.includes(prompt));
		last = row ? await show(db, row.conversationId) : undefined;
		if (last && complete(last)) {
			return last;
		}

		if (Date.now() > deadline) {
			throw new Error(`codexmon never recorded the expected session for "${prompt}"; last show --json:\n${JSON.stringify(last, undefined, 2)}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 250);
		});
	}
}
