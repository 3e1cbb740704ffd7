/**
 * Text kept in memory per prompt, tool output and answer: enough for the screens and the detectors;
 * memory stays bounded however much a tool prints. The text as received stays in the store.
 */
export const MAX_TEXT_IN_MEMORY = 16 * 1024;

/** Long text, cut in the middle: the start and the end (exit codes, the last error) are what tell. */
export function clip(text: string): string {
	if (text.length <= MAX_TEXT_IN_MEMORY) {
		return text;
	}

	const half = MAX_TEXT_IN_MEMORY / 2;
	return `${text.slice(0, half)}\n[… ${text.length - MAX_TEXT_IN_MEMORY} characters not kept in memory …]\n${text.slice(-half)}`;
}
