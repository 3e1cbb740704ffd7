import type {Turn} from './session.js';

/** Moves the turn's last activity (log time) forward; it never goes back. */
export function touchTurn(turn: Turn, atMs: number): void {
	if (atMs > turn.lastActivityMs) {
		turn.lastActivityMs = atMs;
	}
}

/**
 * Whether a turn has answered: transport records after that, before the next prompt, are a warm-up. Its span does
 * not tell: spans may arrive before the turn's logs.
 */
export function hasAnswered(turn: Turn): boolean {
	return turn.response !== null;
}
