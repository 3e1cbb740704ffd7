import fs from 'node:fs';
import path from 'node:path';
import {formatBytes} from '../format/format-number.js';
import type {CheckResult} from './check.js';
import {checkSqliteBinding, databaseProblem} from './check-sqlite.js';

const MIN_NODE = [20, 19] as const;
const MIN_COLUMNS = 60;
const MIN_ROWS = 20;

export function checkNode(version = process.versions.node): CheckResult {
	const [major = 0, minor = 0] = version.split('.').map(Number);
	const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
	return ok
		? {name: 'Node.js', status: 'ok', detail: `v${version}`}
		: {name: 'Node.js', status: 'fail', detail: `v${version} is older than ${MIN_NODE.join('.')}`, fix: 'install Node.js 20.19 or newer (22 or 24 recommended)'};
}

/** Does better-sqlite3 load on this Node, can the database be written, is it sound, and how big is it? */
export function checkDatabase(dbPath: string): CheckResult[] {
	const binding = checkSqliteBinding();
	return [binding, checkDatabaseFile(dbPath, binding.status === 'ok')];
}

function checkDatabaseFile(dbPath: string, canOpen: boolean): CheckResult {
	const name = 'Database';
	let existing = path.dirname(dbPath);
	while (!fs.existsSync(existing) && path.dirname(existing) !== existing) {
		existing = path.dirname(existing);
	}

	try {
		fs.accessSync(fs.existsSync(dbPath) ? dbPath : existing, fs.constants.W_OK);
	} catch {
		return {name, status: 'fail', detail: `${dbPath} is not writable`, fix: 'choose another file with --db, or fix the permissions'};
	}

	if (!fs.existsSync(dbPath)) {
		return {name, status: 'ok', detail: `${dbPath} (not created yet; codexmon creates it on first start)`};
	}

	const problem = canOpen ? databaseProblem(dbPath) : undefined;
	if (problem !== undefined) {
		return {name, status: 'fail', detail: `${dbPath} is damaged or not a codexmon database: ${problem}`, fix: 'move it aside (codexmon then starts a new one), or choose another file with --db'};
	}

	const size = ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (fs.existsSync(dbPath + suffix) ? fs.statSync(dbPath + suffix).size : 0), 0);
	return canOpen
		? {name, status: 'ok', detail: `${dbPath}, ${formatBytes(size)}`}
		: {name, status: 'warn', detail: `${dbPath}, ${formatBytes(size)}; not opened, as the SQLite binding does not load`};
}

export function checkTerminal(stream: {isTTY?: boolean; columns?: number; rows?: number}, env: NodeJS.ProcessEnv): CheckResult[] {
	if (!stream.isTTY) {
		return [{name: 'Terminal', status: 'warn', detail: 'standard output is not a terminal', fix: 'run codexmon itself in a terminal or tmux pane'}];
	}

	const columns = stream.columns ?? 0;
	const rows = stream.rows ?? 0;
	const size: CheckResult = columns >= MIN_COLUMNS && rows >= MIN_ROWS
		? {name: 'Terminal size', status: 'ok', detail: `${columns}x${rows}`}
		: {name: 'Terminal size', status: 'warn', detail: `${columns}x${rows} is smaller than ${MIN_COLUMNS}x${MIN_ROWS}; panes will be hidden`, fix: 'widen the pane (tmux: resize-pane)'};
	let colour: CheckResult;
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
		colour = {name: 'Colour', status: 'warn', detail: 'off (NO_COLOR is set); decisions and alerts are told apart by text only'};
	} else if (env.TERM === 'dumb') {
		colour = {name: 'Colour', status: 'warn', detail: 'TERM=dumb: no colour', fix: 'use a terminal that sets TERM, e.g. xterm-256color'};
	} else {
		const level = /truecolor|24bit/i.test(env.COLORTERM ?? '') ? '24-bit' : (/256/.test(env.TERM ?? '') ? '256 colours' : '16 colours');
		colour = {name: 'Colour', status: 'ok', detail: level};
	}

	return [size, colour];
}
