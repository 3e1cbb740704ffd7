import fs from 'node:fs';

/**
 * The managed app-server daemon runs from `$CODEX_HOME/packages/…`, and its `pid-update-loop` helper outlives
 * `codex app-server daemon stop`. Only processes started from this test's own CODEX_HOME are ended, by pid.
 */
export function endProcessesUnder(codexHome: string): number[] {
	const ended: number[] = [];
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) {
			continue;
		}

		let commandLine: string;
		try {
			commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
		} catch {
			continue;
		}

		if (commandLine.startsWith(`${codexHome}/`)) {
			try {
				process.kill(Number(entry), 'SIGTERM');
				ended.push(Number(entry));
			} catch {}
		}
	}

	return ended;
}
