import {shortPath} from './short-path.js';
import {terminalSafe} from './terminal-safe.js';

/** How a column gives way when a table is wider than the terminal. */
export type ColumnSpec = {
	title: string;
	/** Lower goes first when columns must be dropped; undefined: never dropped. */
	drop?: number;
	/** A column that is cut rather than dropped, down to `min` characters: from the left (paths) or the right (text). */
	cut?: {min: number; from: 'path' | 'right'};
	/** Numbers line up on the right. */
	alignRight?: boolean;
};

/** Spaces between the columns of the CLI's tables. */
const GAP = 2;

/**
 * Widths that fit `width`. In turn: droppable cut columns (a prompt) shrink to their minimum; columns are dropped,
 * lowest `drop` first; the columns kept (a path) shrink to their minimum, the last first; room left goes back
 * to the cut columns, the first first. Without a width (a pipe or a file) every column keeps its full width.
 * Returns each column's width, 0 for a dropped one.
 */
export function fitColumns(specs: readonly ColumnSpec[], natural: readonly number[], width: number | undefined, gap = GAP): number[] {
	const widths = [...natural];
	if (width === undefined) {
		return widths;
	}

	const total = () => widths.reduce((sum, value) => sum + value, 0) + gap * (widths.filter(value => value > 0).length - 1);
	const shrink = (index: number) => {
		const cut = specs[index]!.cut;
		if (cut && widths[index]! > cut.min && total() > width) {
			widths[index] = Math.max(cut.min, widths[index]! - (total() - width));
		}
	};

	for (let index = specs.length - 1; index >= 0; index--) {
		if (specs[index]!.drop !== undefined) {
			shrink(index);
		}
	}

	const droppable = specs.map((spec, index) => ({index, drop: spec.drop})).filter(entry => entry.drop !== undefined).sort((a, b) => a.drop! - b.drop!);
	for (const {index} of droppable) {
		if (total() <= width) {
			break;
		}

		widths[index] = 0;
	}

	for (let index = specs.length - 1; index >= 0; index--) {
		if (specs[index]!.drop === undefined) {
			shrink(index);
		}
	}

	for (let index = 0; index < specs.length; index++) {
		if (specs[index]!.cut && widths[index]! > 0 && widths[index]! < natural[index]!) {
			widths[index] = Math.min(natural[index]!, widths[index]! + Math.max(0, width - total()));
		}
	}

	return widths;
}

/** A cell in `width` characters: cut with `…` where its column cuts (a path at a `/`, from the left). */
export function fitCell(text: string, width: number, spec: ColumnSpec): string {
	if (text.length <= width) {
		return spec.alignRight ? text.padStart(width) : text.padEnd(width);
	}

	if (width <= 1) {
		return '…'.slice(0, width);
	}

	return spec.cut?.from === 'path' ? shortPath(text, width, '').padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/**
 * A table of text from telemetry (ids, models, prompts), control characters in their visible form, fitted to
 * `width` (undefined: full width). The first row is the header.
 */
export function formatFittedTable(specs: readonly ColumnSpec[], unsafeRows: readonly string[][], width: number | undefined, gap = GAP): string {
	const rows = unsafeRows.map(row => row.map(cell => terminalSafe(cell)));
	const natural = specs.map((_, column) => Math.max(...rows.map(row => row[column]!.length)));
	const widths = fitColumns(specs, natural, width, gap);
	return rows.map(row => row.flatMap((cell, column) => widths[column]! > 0 ? [fitCell(cell, widths[column]!, specs[column]!)] : []).join(' '.repeat(gap)).trimEnd()).join('\n') + '\n';
}

/**
 * The width a table should fit: the terminal's when output goes to one, `COLUMNS` when it is set (a pipe whose
 * reader has a width), otherwise none (a file or a pipe gets every column whole, like ccusage).
 */
export function outputWidth(stream: {isTTY?: boolean; columns?: number} = process.stdout, environment: NodeJS.ProcessEnv = process.env): number | undefined {
	if (stream.isTTY && stream.columns && stream.columns > 0) {
		return stream.columns;
	}

	const columns = Number.parseInt(environment.COLUMNS ?? '', 10);
	return Number.isInteger(columns) && columns > 0 ? columns : undefined;
}
