import {createHash} from 'node:crypto';

/**
 * @NOTE codex 0.169.0 wraps exec output in a header whose chunk id and wall time change on every run:
 * "Chunk ID: f46ed3\nWall time: 0.0000 seconds\nProcess exited with code 0\n…".
 */
const VOLATILE_PATTERNS: ReadonlyArray<[RegExp, string]> = [
	[/^Chunk ID: \S+$/gim, 'Chunk ID: #'],
	[/^Wall time: [\d.]+ seconds?$/gim, 'Wall time: #'],
	[/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\b/g, '<time>'],
	[/\b\d{2}:\d{2}:\d{2}(?:\.\d+)?\b/g, '<time>'],
	[/\b[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}\b/gi, '<uuid>'],
	[/\b(?=[\da-f]*\d)(?=[\da-f]*[a-f])[\da-f]{7,}\b/gi, '<hex>'],
	[/\b\d+(?:\.\d+)?\s?(?:ms|s|sec|seconds|\u00B5s|us|ns)\b/g, '<duration>'],
	[/\bpid[ =:]\d+\b/gi, 'pid <n>'],
];

/** A tool result with its volatile parts (chunk ids, wall times, timestamps, ids, durations) masked out. */
export function stableOutput(output: string): string {
	let stable = output;
	for (const [pattern, replacement] of VOLATILE_PATTERNS) {
		stable = stable.replaceAll(pattern, replacement);
	}

	return stable.replaceAll(/[ \t]+/g, ' ').trim();
}

/** Equal for results that differ only in volatile parts. */
export function resultDigest(output: string, success: boolean | null): string {
	return createHash('sha1').update(String(success)).update('\0').update(stableOutput(output)).digest('hex').slice(0, 16);
}
