import process from 'node:process';
import type {StatusOverview} from '../model/status-overview.js';
import {DEFAULT_MAX_WIDTH, formatStatusLine, NOT_RUNNING, tmuxStyled} from './format-status-line.js';
import {notifyCritical} from './notify-critical.js';
import {readDatabaseOverview} from './read-database-overview.js';
import {STATUS_HELP} from './status-help.js';
import {parseStatusOptions, type StatusOptions} from './status-options.js';
import {resolveStatusTarget} from './status-target.js';
import {tmuxSetupText, writeTmuxSetup} from './tmux-setup.js';

/** How long one receiver may take to answer: tmux waits for the line, and a wedged receiver must not stall it. */
const RECEIVER_TIMEOUT_MS = 800;
/** Whatever happens, the line is printed by then. */
const DEADLINE_MS = 2500;

type Reading = {overview: StatusOverview | undefined; running: boolean; source: 'receiver' | 'database' | 'none'};

/**
 * `codexmon status`: a start path of its own (dist/cli.js comes here before loading the bundle), with only what
 * the line needs: no Ink, React, gRPC or meow. It prints one line and never a stack trace.
 */
export async function runStatus(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	const options = parseStatusOptions(argv);
	if ('error' in options) {
		process.stderr.write(`codexmon: ${options.error}\n`);
		return 1;
	}

	if (options.help) {
		process.stdout.write(`${STATUS_HELP.replaceAll(/^\t/gm, '').replace(/^\n/, '')}\n`);
		return 0;
	}

	try {
		if (options.tmuxSetup) {
			process.stdout.write(options.write ? writeTmuxSetup(env, Date.now()) : tmuxSetupText(env));
			return 0;
		}

		const deadline = setTimeout(() => {
			process.stdout.write(`${options.format === 'json' ? JSON.stringify({running: false, error: 'no answer in time'}) : NOT_RUNNING}\n`);
			process.exit(0);
		}, DEADLINE_MS);
		deadline.unref();
		const nowMs = Date.now();
		const reading = await read(options, env, nowMs);
		clearTimeout(deadline);
		process.stdout.write(`${render(options, reading, nowMs)}\n`);
		if (options.notify && reading.overview) {
			await notifyCritical(reading.overview.alerts, env);
		}

		return 0;
	} catch (error) {
		const message = (error as Error).message.split('\n')[0];
		process.stdout.write(`${options.format === 'json' ? JSON.stringify({running: false, error: message}) : `codexmon: ${message}`}\n`);
		return 1;
	}
}

async function read(options: StatusOptions, env: NodeJS.ProcessEnv, nowMs: number): Promise<Reading> {
	const target = await resolveStatusTarget(options, env);
	let refused = false;
	for (const receiver of target.receivers) {
		// node:net is loaded only to ask a receiver there is reason to expect.
		const {fetchOverview} = await import('./fetch-overview.js');
		const fetched = await fetchOverview(receiver.host, receiver.port, target.token, RECEIVER_TIMEOUT_MS);
		if (fetched && 'overview' in fetched) {
			return {overview: fetched.overview, running: true, source: 'receiver'};
		}

		refused ||= fetched !== undefined;
	}

	const overview = await readDatabaseOverview(target.dbPath, nowMs);
	// A receiver that refused our token still runs: the database tells the rest.
	return {overview, running: refused, source: overview ? 'database' : 'none'};
}

function render(options: StatusOptions, reading: Reading, nowMs: number): string {
	const line = formatStatusLine(reading.overview, reading.running, nowMs, options.maxWidth ?? DEFAULT_MAX_WIDTH);
	switch (options.format) {
		case 'json': {
			const overview = reading.overview;
			return JSON.stringify({
				running: reading.running,
				source: reading.source,
				live: reading.running ? overview?.live ?? 0 : 0,
				tokensPerMinute: reading.running ? overview?.tokensPerMinute ?? null : 0,
				costTodayUsd: overview?.costTodayUsd ?? 0,
				rateLimits: overview?.rateLimits ?? null,
				alerts: overview?.alerts ?? [],
				line,
			});
		}

		case 'tmux': {
			return tmuxStyled(line, reading.overview);
		}

		case 'text': {
			return line;
		}
	}
}
