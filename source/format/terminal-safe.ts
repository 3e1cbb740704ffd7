/**
 * Control characters in telemetry (a prompt, a command, a tool's output) must never reach the terminal
 * raw: an ESC or C1 byte can set the pane title, write the clipboard (OSC 52) or clear the screen. Like
 * `ls` and journalctl, they are shown in a visible form instead: C0 as caret notation (`^[`, `^M`),
 * DEL as `^?`, C1 as `\x9b`. Newline and tab stay, they only move the cursor within the text.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_TEST = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

export function terminalSafe(text: string): string {
	return UNSAFE_TEST.test(text) ? text.replaceAll(UNSAFE, visibleForm) : text;
}

function visibleForm(character: string): string {
	const code = character.charCodeAt(0);
	if (code < 0x20) {
		return `^${String.fromCharCode(code + 0x40)}`;
	}

	return code === 0x7F ? '^?' : `\\x${code.toString(16)}`;
}

// eslint-disable-next-line no-control-regex
const JSON_UNSAFE = /[\u007F-\u009F]/g;

/**
 * JSON text that is safe to print: JSON.stringify escapes C0 but leaves DEL and C1 raw, so those become
 * `\u009b` escapes too (the same string once parsed).
 */
export function jsonTerminalSafe(json: string): string {
	return json.replaceAll(JSON_UNSAFE, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
