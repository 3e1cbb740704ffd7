import fs from 'node:fs';
import {resolveConfig} from '../config.js';
import {parseSince} from '../format/parse-since.js';
import {createEngine} from '../app/create-engine.js';
import {findRollouts, rolloutDirectories} from '../importer/find-rollouts.js';
import {importRollouts, type ImportTotals} from '../app/import-rollouts.js';
import {openDatabase} from '../store/database.js';
import {UsageError, type Command} from './command.js';

const BAR_WIDTH = 30;

export const importCommand: Command = {
	name: 'import',
	summary: 'Import the sessions Codex saved itself (rollout files), from before codexmon ran',
	arguments: {most: 0, usage: 'codexmon import [options]'},
	help: `
	Usage
	  $ codexmon import [--codex-home DIR[,DIR…]] [--since DATE] [--db FILE]

	Reads Codex's own session files ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl
	and archived_sessions/) into the database, so they are listed, shown, replayed
	and counted in reports like sessions watched live. Importing again changes
	nothing; a session also received live over OTLP is one session, its telemetry
	first and the rollout only for turns the telemetry lacks. Unknown and malformed
	lines are counted and skipped. Files are read line by line: a rollout of any
	size imports in flat memory. A forked conversation or a sub-agent started with
	its parent's history counts the copied history once, in the parent. A file
	that exists but cannot be read is named and the import exits 1.

	The live screen and serve keep importing today's files as Codex writes them
	(--no-watch-sessions turns it off).

	Options
	  --codex-home  Codex's home (default $CODEX_HOME, else ~/.codex); several: a,b
	  --since       Only files written since: 7d, 24h, 2026-11-01
	  --mask        Store prompts, tool arguments and output as lengths and hashes only
	  --json        Print the summary as JSON
	  --db          Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)

	Examples
	  $ codexmon import
	  $ codexmon import --since 30d
	  $ codexmon import --codex-home /mnt/old-laptop/.codex
	  $ codexmon import --codex-home ~/.codex,/mnt/old-laptop/.codex
`,
	flags: {
		codexHome: {type: 'string'},
		since: {type: 'string'},
		json: {type: 'boolean'},
		mask: {type: 'boolean'},
		db: {type: 'string'},
		config: {type: 'string'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const sinceMs = typeof flags.since === 'string' ? parseSince(flags.since, Date.now()) : undefined;
		if (flags.since !== undefined && sinceMs === undefined) {
			throw new UsageError(`--since must be like 7d, 24h or 2026-11-01, got "${String(flags.since)}"`);
		}

		const homes = config.codexHomes;
		const missing = homes.filter(home => !fs.existsSync(home));
		if (missing.length === homes.length) {
			throw new UsageError(`no Codex home at ${missing.join(', ')}: pass the directory Codex writes to with --codex-home (or set CODEX_HOME)`);
		}

		const files = findRollouts(homes.flatMap(home => rolloutDirectories(home)), sinceMs);
		if (files.length === 0) {
			process.stderr.write(`No Codex session files under ${homes.map(home => `${home}/sessions or ${home}/archived_sessions`).join(', ')}${sinceMs === undefined ? '' : ' since then'}.\n`);
		}

		const db = openDatabase(config.dbPath);
		try {
			const progress = process.stderr.isTTY && !flags.json ? drawProgress : undefined;
			const totals = importRollouts(db, files, {createEngine: () => createEngine(config), prices: config.prices, mask: config.mask, onProgress: progress});
			if (progress) {
				process.stderr.write('\r\u001B[2K');
			}

			process.stdout.write(flags.json ? `${JSON.stringify(summaryJson(totals), undefined, 2)}\n` : summaryText(totals, config.dbPath));
			for (const reason of totals.unreadable) {
				process.stderr.write(`codexmon: ${reason}\n`);
			}

			return totals.unreadable.length > 0 ? 1 : 0;
		} finally {
			db.close();
		}
	},
};

function drawProgress(done: number, total: number): void {
	if (total === 0) {
		return;
	}

	const filled = Math.round((done / total) * BAR_WIDTH);
	process.stderr.write(`\rimporting ${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${done}/${total} files`);
}

function summaryJson(totals: ImportTotals) {
	const {changed: _changed, ...rest} = totals;
	return rest;
}

function summaryText(totals: ImportTotals, dbPath: string): string {
	const lines = [`Imported ${totals.sessions} session${totals.sessions === 1 ? '' : 's'} (${totals.turns} turns, ${totals.events} events) from ${totals.files} file${totals.files === 1 ? '' : 's'} into ${dbPath}.`];
	if (totals.duplicates > 0) {
		lines.push(`${totals.duplicates} file${totals.duplicates === 1 ? ' was a copy' : 's were copies'} of another (sessions/ and archived_sessions/), counted once.`);
	}

	if (totals.unreadable.length > 0) {
		lines.push(`${totals.unreadable.length} file${totals.unreadable.length === 1 ? '' : 's'} could not be read (named below).`);
	}

	if (totals.unchanged > 0) {
		lines.push(`${totals.unchanged} file${totals.unchanged === 1 ? ' was' : 's were'} already imported and unchanged.`);
	}

	const skipped = Object.entries(totals.skipped).sort((a, b) => b[1] - a[1]);
	if (skipped.length > 0) {
		lines.push(`Skipped ${skipped.reduce((sum, [, count]) => sum + count, 0)} line(s) of ${totals.lines}: ${skipped.map(([reason, count]) => `${count} ${reason}`).join(', ')}.`);
	}

	return `${lines.join('\n')}\n`;
}
