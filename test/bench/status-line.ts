import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {loadCapture} from '../helpers/captures.js';
import {CLI_PATH, postCapture} from '../helpers/cli.js';
import {retimeCapture} from '../helpers/retime-capture.js';
import {startServeProcess} from './serve-process.js';

export type StatusLineFigure = {
	/** Spawn → exit of `codexmon status` asking a running receiver, ms, one per run. */
	receiverMs: number[];
	/** The same with no receiver: the database read instead. */
	databaseMs: number[];
	/** `node -e 0`, alternating with the two. */
	nodeMs: number[];
};

function spawnMs(args: string[]): number {
	const started = performance.now();
	const result = spawnSync(process.execPath, args, {encoding: 'utf8', env: {...process.env, CODEXMON_PORT: '1'}});
	const ms = performance.now() - started;
	if (result.status !== 0) {
		throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
	}

	return ms;
}

/**
 * What tmux pays every `status-interval`: `codexmon status` from spawn to exit, against `node -e 0` in the same
 * run (alternating, so a drifting machine moves all alike). A receiver holds the real loop session, live.
 */
export async function measureStatusLine(runs: number): Promise<StatusLineFigure> {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'codexmon-bench-status-'));
	const db = path.join(directory, 'status.db');
	const figure: StatusLineFigure = {receiverMs: [], databaseMs: [], nodeMs: []};
	try {
		const serve = await startServeProcess(db, ['--no-grpc']);
		try {
			await postCapture(`http://127.0.0.1:${serve.port}`, retimeCapture(loadCapture('exec-loop'), Date.now() - 1000).slice(0, 12));
			spawnMs([CLI_PATH, 'status', '--db', db]);
			for (let run = 0; run < runs; run++) {
				figure.receiverMs.push(spawnMs([CLI_PATH, 'status', '--db', db]));
				figure.nodeMs.push(spawnMs(['-e', '0']));
			}
		} finally {
			await serve.stop();
		}

		for (let run = 0; run < runs; run++) {
			figure.databaseMs.push(spawnMs([CLI_PATH, 'status', '--db', db]));
			figure.nodeMs.push(spawnMs(['-e', '0']));
		}
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}

	return figure;
}

// `node --import tsx test/bench/status-line.ts [runs]`: this section alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
	const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
	const figure = await measureStatusLine(Number(process.argv[2] ?? 21));
	const node = median(figure.nodeMs);
	process.stdout.write(`codexmon status: ${median(figure.receiverMs).toFixed(0)} ms asking the receiver (${(median(figure.receiverMs) / node).toFixed(2)}x), ${median(figure.databaseMs).toFixed(0)} ms reading the database (${(median(figure.databaseMs) / node).toFixed(2)}x); node -e 0: ${node.toFixed(0)} ms; load ${os.loadavg()[0]!.toFixed(1)}\n`);
}
