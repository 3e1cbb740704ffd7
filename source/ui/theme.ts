import type {AlertSeverity} from '../model/alert.js';
import {terminalSafe} from '../format/terminal-safe.js';

/** Colours with a meaning. Glyphs carry the same meaning, so NO_COLOR stays readable. */
const COLOR_ENABLED = !(process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') && process.env.FORCE_COLOR !== '0';

const color = (name: string): string | undefined => COLOR_ENABLED ? name : undefined;

export const theme = {
	accent: color('cyan'),
	dim: color('gray'),
	ok: color('green'),
	warn: color('yellow'),
	error: color('red'),
	selected: color('blue'),
	turnBar: color('blue'),
	requestBar: color('magenta'),
	toolBar: color('green'),
	tokens: {input: color('blue'), cached: color('cyan'), output: color('magenta'), reasoning: color('yellow')},
} as const;

export type DecisionStyle = {glyph: string; color: string | undefined; label: string};

const DECISION_STYLES: Record<string, DecisionStyle> = {
	approved: {glyph: '✔', color: color('green'), label: 'approved'},
	approved_with_amendment: {glyph: '✚', color: color('cyan'), label: 'amended'},
	approved_for_session: {glyph: '∞', color: color('blue'), label: 'for session'},
	denied: {glyph: '✖', color: color('red'), label: 'denied'},
	abort: {glyph: '⊘', color: color('yellow'), label: 'aborted'},
};

export function decisionStyle(decision: string | null): DecisionStyle {
	return decision === null ? {glyph: '·', color: color('gray'), label: 'auto (no approval asked)'} : DECISION_STYLES[decision] ?? {glyph: '?', color: undefined, label: terminalSafe(decision)};
}

export function severityColor(severity: AlertSeverity): string | undefined {
	return severity === 'critical' ? color('red') : color('yellow');
}

export const isColorEnabled = COLOR_ENABLED;
