import fs from 'node:fs';
import {expect, test} from 'vitest';
import {keymapMarkdown} from '../../source/ui/keymap.js';

test("the README's key table is the keymap", () => {
	const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
	const table = /<!-- keymap:start[^>]*-->\n([\s\S]*?)\n<!-- keymap:end -->/.exec(readme)?.[1];
	// On a change of source/ui/keymap.ts, paste keymapMarkdown()'s output between the markers.
	expect(table).toBe(keymapMarkdown());
});
