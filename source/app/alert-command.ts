import {spawn} from 'node:child_process';
import type {AlertListener} from '../detect/raise-alert.js';
import {alertDocument} from '../model/session-document.js';

export type AlertCommandStats = {started: number; failed: number; lastError: string | null};

/** A command that is still running after this long is stopped: a hung notifier must not pile up. */
const COMMAND_TIMEOUT_MS = 30_000;

/**
 * `--on-alert "<command>"`: runs the command through the shell with the alert (and its session) as JSON on
 * stdin, in the background; ingest never waits for it and a failure is counted, never thrown.
 */
export function createAlertCommand(command: string, stats: AlertCommandStats): AlertListener {
	return (alert, session, change) => {
		const payload = JSON.stringify({...alertDocument(alert), change, conversationId: session.conversationId, model: session.model});
		stats.started++;
		try {
			const child = spawn('/bin/sh', ['-c', command], {stdio: ['pipe', 'ignore', 'ignore'], timeout: COMMAND_TIMEOUT_MS});
			child.on('error', error => {
				stats.failed++;
				stats.lastError = error.message;
			});
			child.on('exit', code => {
				if (code !== 0) {
					stats.failed++;
					stats.lastError = `--on-alert exited with ${code}`;
				}
			});
			child.stdin!.on('error', () => {});
			child.stdin!.end(`${payload}\n`);
		} catch (error) {
			stats.failed++;
			stats.lastError = (error as Error).message;
		}
	};
}
