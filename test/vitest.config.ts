import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		dir: 'test',
		include: ['**/*.test.ts', '**/*.test.tsx'],
		exclude: ['**/node_modules/**', '**/dist/**'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		env: {TZ: 'UTC', FORCE_COLOR: '0'},
	},
});
