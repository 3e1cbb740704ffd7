import path from 'node:path';
import {loadCaptureFrom} from './captures.js';
import {CLI_PATH, postCapture} from './cli.js';
import {latestRolloutMs, shiftCapture, shiftRollout} from './retime-capture.js';
import {loadRolloutsFrom, writeCodexHome} from './rollouts.js';
import {startTmux, waitForScreen} from './tmux.js';

/** Today's session directory, the only one (with yesterday's) `--watch-sessions` looks at. */
export function today(): string {
	const date = new Date();
	return `${date.getFullYear()}/${String(date.getMonth() + 1).padStart(2, '0')}/${String(date.getDate()).padStart(2, '0')}`;
}

/**
 * The live screen watching Codex's sessions, receiving a real-world capture over OTLP while its rollout sits in
 * CODEX_HOME, both moved in time to end seconds ago (so plan windows' reset times lie ahead, as in a session live now).
 */
export async function watchScenario(directory: string, name: string, size: {columns: number; rows: number}) {
	const home = path.join(directory, `${name}-${size.columns}`, 'codex');
	const rollouts = loadRolloutsFrom('codex-0.171.0', name);
	const shiftMs = Math.round((Date.now() - 5000 - Math.max(...rollouts.map(({text}) => latestRolloutMs(text)))) / 1000) * 1000;
	writeCodexHome(home, rollouts.map(({file, text}) => ({file, text: shiftRollout(text, shiftMs)})), today());
	const db = path.join(directory, `${name}-${size.columns}`, 'codexmon.db');
	const terminal = startTmux(`env -u CI ${process.execPath} ${CLI_PATH} --port 0 --no-grpc --db ${db} --watch-sessions --codex-home ${home}`, size);
	// The status bar shows the address (only its port on a narrow screen).
	const screen = await waitForScreen(terminal.capture, text => /:\d+ req/.test(text));
	await postCapture(`http://127.0.0.1:${/:(\d+) req/.exec(screen)![1]}`, shiftCapture(loadCaptureFrom('codex-0.171.0', name), shiftMs));
	return terminal;
}
