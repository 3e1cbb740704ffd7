/** The 16 terminal colours as a dark theme draws them. */
const PALETTE = ['#1e1e1e', '#e06c75', '#98c379', '#e5c07b', '#61afef', '#c678dd', '#56b6c2', '#d0d0d0', '#5c6370', '#ff7b86', '#b5e890', '#ffd68a', '#82c4ff', '#de9aef', '#7fd6e0', '#ffffff'];
const FOREGROUND = '#d0d0d0';
const BACKGROUND = '#1e1e1e';

type Style = {fg?: string; bg?: string; bold?: boolean; dim?: boolean; inverse?: boolean};

function color256(index: number): string {
	if (index < 16) {
		return PALETTE[index]!;
	}

	if (index < 232) {
		const value = index - 16;
		const level = (n: number) => (n === 0 ? 0 : 55 + n * 40);
		return `rgb(${level(Math.floor(value / 36))},${level(Math.floor(value / 6) % 6)},${level(value % 6)})`;
	}

	const gray = 8 + (index - 232) * 10;
	return `rgb(${gray},${gray},${gray})`;
}

function apply(style: Style, codes: number[]): Style {
	const next = {...style};
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (code === 0) {
			Object.assign(next, {fg: undefined, bg: undefined, bold: false, dim: false, inverse: false});
		} else if (code === 1) {
			next.bold = true;
		} else if (code === 2) {
			next.dim = true;
		} else if (code === 7) {
			next.inverse = true;
		} else if (code === 22) {
			next.bold = false;
			next.dim = false;
		} else if (code === 27) {
			next.inverse = false;
		} else if (code >= 30 && code <= 37) {
			next.fg = PALETTE[code - 30];
		} else if (code >= 90 && code <= 97) {
			next.fg = PALETTE[code - 90 + 8];
		} else if (code >= 40 && code <= 47) {
			next.bg = PALETTE[code - 40];
		} else if (code >= 100 && code <= 107) {
			next.bg = PALETTE[code - 100 + 8];
		} else if (code === 39) {
			next.fg = undefined;
		} else if (code === 49) {
			next.bg = undefined;
		} else if ((code === 38 || code === 48) && codes[index + 1] === 5) {
			next[code === 38 ? 'fg' : 'bg'] = color256(codes[index + 2]!);
			index += 2;
		} else if ((code === 38 || code === 48) && codes[index + 1] === 2) {
			next[code === 38 ? 'fg' : 'bg'] = `rgb(${codes[index + 2]},${codes[index + 3]},${codes[index + 4]})`;
			index += 4;
		}
	}

	return next;
}

const escapeHtml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** A `tmux capture-pane -e -p` screen as an HTML page drawn like a terminal. */
export function ansiToHtml(screen: string, title: string): string {
	const lines = screen.replace(/\n$/, '').split('\n').map(line => {
		let style: Style = {};
		let html = '';
		for (const part of line.split(/(\u001B\[[\d;]*m)/)) {
			const match = /^\u001B\[([\d;]*)m$/.exec(part);
			if (match) {
				style = apply(style, match[1] === '' ? [0] : match[1]!.split(';').map(Number));
				continue;
			}

			if (part === '') {
				continue;
			}

			let fg = style.fg ?? FOREGROUND;
			let bg = style.bg ?? 'transparent';
			if (style.inverse) {
				[fg, bg] = [style.bg ?? BACKGROUND, style.fg ?? FOREGROUND];
			}

			html += `<span style="color:${fg};background:${bg};${style.bold ? 'font-weight:bold;' : ''}${style.dim ? 'opacity:.6;' : ''}">${escapeHtml(part)}</span>`;
		}

		return html || ' ';
	});
	return `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{margin:0;background:${BACKGROUND}}pre{margin:0;padding:14px 16px;font:15px/1.25 "DejaVu Sans Mono","Liberation Mono",monospace;color:${FOREGROUND};white-space:pre}</style>
<pre>${lines.join('\n')}</pre>`;
}
