import os from 'node:os';
import path from 'node:path';
import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		dir: 'test',
		include: ['**/*.test.ts', '**/*.test.tsx'],
		// test/codex needs the real Codex CLI and a network namespace: `npm run test:codex` runs it.
		exclude: ['**/node_modules/**', '**/dist/**', 'codex/**'],
		// A guard against hangs, not a timing check: CI machines and parallel files make CLI-heavy tests slow.
		testTimeout: 90_000,
		hookTimeout: 90_000,
		// The live screen and `serve` watch Codex's session files by default: never the machine's own ~/.codex.
		// Nor a price list the developer fetched (`codexmon prices update`): the figures are the built-in table's.
		env: {TZ: 'UTC', FORCE_COLOR: '0', CODEX_HOME: path.join(os.tmpdir(), 'codexmon-tests-no-codex-home'), CODEXMON_PRICE_LIST: path.join(os.tmpdir(), 'codexmon-tests-no-price-list.json')},
	},
});
