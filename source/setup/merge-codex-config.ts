import {parse as parseToml} from 'smol-toml';
import {BLOCK_BEGIN, BLOCK_END} from '../model/otel-block.js';

export type MergeResult =
	| {status: 'unchanged'; text: string}
	| {status: 'added' | 'replaced'; text: string}
	| {status: 'conflict'; reason: string; existing: string};

/** A table header: `[otel]`, `[otel.exporter.otlp-http]`, `[ otel . x ]`, `[[array]]`, … */
const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

/**
 * Puts codexmon's `[otel]` block into a Codex config.toml and leaves every other line as it was.
 * A block codexmon wrote before (between its markers) is replaced; an `[otel]` section someone else
 * wrote is a conflict unless `force` (then it is removed and ours appended).
 */
export function mergeOtelBlock(existing: string, block: string, options: {force?: boolean} = {}): MergeResult {
	let parsed: Record<string, unknown>;
	try {
		parsed = parseToml(existing) as Record<string, unknown>;
	} catch (error) {
		return {status: 'conflict', reason: `the existing file is not valid TOML (${(error as Error).message}); fix it first`, existing: ''};
	}

	const newline = existing.includes('\r\n') ? '\r\n' : '\n';
	const lines = existing.split(/\r?\n/);
	const marked = findMarkedBlock(lines);
	const foreign = findOtelSections(lines, marked);
	const blockLines = block.trimEnd().split('\n');

	if (foreign.length > 0 || (parsed.otel !== undefined && !marked)) {
		const existingText = foreign.map(([start, end]) => lines.slice(start, end).join('\n')).join('\n');
		if (!options.force || (foreign.length === 0 && parsed.otel !== undefined)) {
			return {
				status: 'conflict',
				reason: foreign.length === 0 ? 'otel settings are set with dotted keys outside an [otel] table; move them by hand' : 'an [otel] section exists that codexmon did not write',
				existing: existingText,
			};
		}
	}

	const kept = lines.filter((_, index) => !foreign.some(([start, end]) => index >= start && index < end) && !(marked && index >= marked[0] && index < marked[1]));
	if (marked && foreign.length === 0 && lines.slice(marked[0], marked[1]).join('\n') === blockLines.join('\n')) {
		return {status: 'unchanged', text: existing};
	}

	while (kept.length > 0 && kept.at(-1)!.trim() === '') {
		kept.pop();
	}

	const text = [...kept, ...(kept.length > 0 ? [''] : []), ...blockLines, ''].join(newline);
	try {
		parseToml(text);
	} catch (error) {
		return {status: 'conflict', reason: `the merged file would not be valid TOML (${(error as Error).message}); edit the otel settings by hand`, existing: ''};
	}

	return {status: marked || foreign.length > 0 ? 'replaced' : 'added', text};
}

function findMarkedBlock(lines: string[]): [number, number] | undefined {
	const start = lines.findIndex(line => line.startsWith(BLOCK_BEGIN));
	if (start === -1) {
		return undefined;
	}

	const end = lines.findIndex((line, index) => index > start && line.startsWith(BLOCK_END));
	return end === -1 ? undefined : [start, end + 1];
}

/** Line ranges [start, end) of `[otel]` / `[otel.*]` tables outside codexmon's markers. */
function findOtelSections(lines: string[], marked: [number, number] | undefined): Array<[number, number]> {
	const sections: Array<[number, number]> = [];
	let current: number | undefined;
	const close = (end: number) => {
		if (current !== undefined) {
			sections.push([current, end]);
			current = undefined;
		}
	};

	lines.forEach((line, index) => {
		if (marked && index >= marked[0] && index < marked[1]) {
			close(index);
			return;
		}

		const header = HEADER.exec(line);
		if (!header) {
			return;
		}

		const name = header[1]!.replaceAll(/\s+/g, '').replaceAll('"', '');
		const isOtel = name === 'otel' || name.startsWith('otel.');
		if (isOtel && current === undefined) {
			current = index;
		} else if (!isOtel) {
			close(index);
		}
	});
	close(lines.length);
	return sections;
}

/** A small line diff of what `--force` would take out and put in. */
export function describeReplacement(existing: string, block: string): string {
	return [...existing.split('\n').map(line => `- ${line}`), ...block.trimEnd().split('\n').map(line => `+ ${line}`)].join('\n');
}
