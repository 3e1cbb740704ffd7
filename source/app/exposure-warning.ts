import type {Config} from '../config.js';
import {isExposed} from '../receiver/access.js';

/** What to tell the user when the receiver can be reached from other machines without a token. */
export function exposureWarning(config: Config): string | undefined {
	if (!isExposed(config.host) || config.token) {
		return undefined;
	}

	return `listening on ${config.host} without a token: anyone who can reach this address can write into your Codex history; set --token (and codexmon setup --write --token) or bind 127.0.0.1`;
}
