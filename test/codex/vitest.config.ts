import {defineConfig} from 'vitest/config';

/** Only for test/codex/run.ts, which starts it inside a loopback-only network namespace. */
export default defineConfig({
	test: {
		dir: 'test/codex',
		include: ['**/*.test.ts'],
		globalSetup: ['test/codex/require-isolation.ts'],
		// Real Codex processes on a small machine: one file at a time keeps the timings honest.
		fileParallelism: false,
		testTimeout: 120_000,
		hookTimeout: 60_000,
		env: {TZ: 'UTC', FORCE_COLOR: '0'},
	},
});
