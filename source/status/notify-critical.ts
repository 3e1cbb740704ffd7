import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {StatusAlert} from '../model/status-overview.js';

/** Alerts remembered as told; more than any day's worth, and the file stays small. */
const MAX_REMEMBERED = 500;

/**
 * `--notify`: a desktop notification (`notify-send`, where it exists) for each critical alert not yet told.
 * tmux runs the status line every few seconds, so what was told is remembered in the cache directory.
 */
export async function notifyCritical(alerts: readonly StatusAlert[], env: NodeJS.ProcessEnv): Promise<void> {
	const critical = alerts.filter(alert => alert.severity === 'critical');
	if (critical.length === 0) {
		return;
	}

	const notifySend = findOnPath('notify-send', env.PATH ?? '');
	if (!notifySend) {
		return;
	}

	const stateFile = path.join(env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(env.HOME ?? os.homedir(), '.cache'), 'codexmon', 'status-notified.json');
	let told: string[] = [];
	try {
		told = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as string[];
	} catch {}

	const seen = new Set(told);
	const fresh = critical.filter(alert => !seen.has(`${alert.conversationId}:${alert.key}`));
	if (fresh.length === 0) {
		return;
	}

	// Remembered before sending: two status lines started together must not both notify.
	try {
		fs.mkdirSync(path.dirname(stateFile), {recursive: true});
		fs.writeFileSync(stateFile, JSON.stringify([...told, ...fresh.map(alert => `${alert.conversationId}:${alert.key}`)].slice(-MAX_REMEMBERED)));
	} catch {
		return;
	}

	// Loaded only here: child_process is the costliest module of this start.
	const {spawn} = await import('node:child_process');
	for (const alert of fresh) {
		const child = spawn(notifySend, ['--app-name=codexmon', '--urgency=critical', `codexmon: ${alert.kind} in ${alert.conversationId.slice(-8)}`, alert.message], {detached: true, stdio: 'ignore'});
		child.on('error', () => {});
		child.unref();
	}
}

function findOnPath(name: string, searchPath: string): string | undefined {
	for (const directory of searchPath.split(path.delimiter)) {
		const candidate = path.join(directory || '.', name);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {}
	}

	return undefined;
}
