import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {HEAP_GROWTH_FLAG, heapGrowthFlag} from '../../source/launch/heap-growth.js';

describe('the receiver\'s heap growth limit', () => {
	it('is set unless the user chose one on the command line or in NODE_OPTIONS', () => {
		expect(heapGrowthFlag([], '')).toBe(HEAP_GROWTH_FLAG);
		expect(heapGrowthFlag(['--max-old-space-size=512'], '--enable-source-maps')).toBe(HEAP_GROWTH_FLAG);
		expect(heapGrowthFlag(['--heap-growing-percent=300'], '')).toBeUndefined();
		expect(heapGrowthFlag([], '--heap_growing_percent=50')).toBeUndefined();
	});

	it('is a flag this Node\'s V8 knows (an unknown one would print an error over the screen)', () => {
		const run = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString(${JSON.stringify(HEAP_GROWTH_FLAG)})`], {encoding: 'utf8'});
		expect(run.status).toBe(0);
		expect(run.stderr).toBe('');
		expect(spawnSync(process.execPath, ['--v8-options'], {encoding: 'utf8'}).stdout).toContain('--heap-growing-percent');
	});
});
