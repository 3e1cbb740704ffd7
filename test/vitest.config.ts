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
		env: {TZ: 'UTC', FORCE_COLOR: '0'},
	},
});
