import os from 'node:os';
import path from 'node:path';

/**
 * Where codexmon's files are by default. Apart from config.ts so that `codexmon status`, which tmux runs every
 * few seconds, finds them without loading the rest of the configuration (TOML, prices, thresholds).
 */

/** `$XDG_DATA_HOME/codexmon/codexmon.db`, else `~/.local/share/codexmon/codexmon.db`. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	const dataHome = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(env.HOME ?? os.homedir(), '.local', 'share');
	return path.join(dataHome, 'codexmon', 'codexmon.db');
}

/** `$XDG_CONFIG_HOME/codexmon/config.toml`, else `~/.config/codexmon/config.toml`. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
	const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(env.HOME ?? os.homedir(), '.config');
	return path.join(configHome, 'codexmon', 'config.toml');
}
