import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Marks the lines this command wrote, so writing again changes nothing. */
const MARKER = '# codexmon status line (codexmon status --tmux-setup)';

/**
 * The lines for tmux.conf: codexmon's line on the right of the status bar, refreshed every 2 s, with room for
 * its 60 columns (tmux cuts `status-right` at 40 by default).
 */
export const TMUX_LINES = [
	'set -g status-right \'#(codexmon status --format tmux)\'',
	'set -g status-interval 2',
	'set -g status-right-length 60',
] as const;

/** `~/.tmux.conf`, or tmux 3.1's `$XDG_CONFIG_HOME/tmux/tmux.conf` when only that one exists. */
export function tmuxConfPath(env: NodeJS.ProcessEnv): string {
	const home = env.HOME ?? os.homedir();
	const classic = path.join(home, '.tmux.conf');
	const xdg = path.join(env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config'), 'tmux', 'tmux.conf');
	return !fs.existsSync(classic) && fs.existsSync(xdg) ? xdg : classic;
}

/** What `--tmux-setup` prints without `--write`. */
export function tmuxSetupText(env: NodeJS.ProcessEnv): string {
	return `# Add these lines to ${tmuxConfPath(env)} (or run \`codexmon status --tmux-setup --write\`):\n${TMUX_LINES.join('\n')}\n`;
}

/**
 * Appends the lines to tmux.conf, as `setup --write` does for Codex's config: the old file is backed up first,
 * and a file that already has them is left alone. Returns what to tell the user.
 */
export function writeTmuxSetup(env: NodeJS.ProcessEnv, nowMs: number): string {
	const file = tmuxConfPath(env);
	const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
	if (existing.includes(MARKER) || existing.split('\n').some(line => /^\s*set(-option)?\s.*status-right\s.*codexmon status/.test(line))) {
		return `${file} already shows codexmon's status line; nothing changed.\n`;
	}

	let backup = '';
	if (existing !== '') {
		backup = `${file}.codexmon-backup-${new Date(nowMs).toISOString().replaceAll(/[:.]/g, '-')}`;
		fs.copyFileSync(file, backup);
	}

	fs.mkdirSync(path.dirname(file), {recursive: true});
	const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
	const temporary = `${file}.codexmon-${process.pid}.tmp`;
	fs.writeFileSync(temporary, `${existing}${separator}${existing === '' ? '' : '\n'}${MARKER}\n${TMUX_LINES.join('\n')}\n`, existing === '' ? {} : {mode: fs.statSync(file).mode});
	fs.renameSync(temporary, file);
	const replaced = /^\s*set(-option)?\s.*status-right\s/m.test(existing) ? ' It comes after your own status-right, which it replaces.' : '';
	return `Added codexmon's status line to ${file}${backup ? ` (backup: ${backup})` : ''}.${replaced}\nReload tmux with \`tmux source-file ${file}\`.\n`;
}
