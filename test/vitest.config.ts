import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		dir: 'test',
		include: ['**/*.test.ts', '**/*.test.tsx'],
		// test/codex needs the real Codex CLI and a network namespace: `npm run test:codex` runs it.
		exclude: ['**/node_modules/**', '**/dist/**', 'codex/**'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		env: {TZ: 'UTC', FORCE_COLOR: '0'},
	},
});
