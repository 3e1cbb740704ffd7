import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {GC_FLAGS, gcFlags} from '../../source/launch/gc-policy.js';

describe('the GC policy flags set at start', () => {
	it('are all set unless the user chose them on the command line or in NODE_OPTIONS', () => {
		expect(gcFlags([], '')).toEqual([...GC_FLAGS]);
		expect(gcFlags(['--max-old-space-size=512'], '--enable-source-maps')).toEqual([...GC_FLAGS]);
		expect(gcFlags(['--heap-growing-percent=300'], '')).toEqual(['--memory-reducer-single-gc']);
		expect(gcFlags([], '--heap_growing_percent=50')).toEqual(['--memory-reducer-single-gc']);
		expect(gcFlags(['--no-memory-reducer-single-gc'], '')).toEqual(['--heap-growing-percent=100']);
	});

	it('are flags this Node\'s V8 knows (an unknown one would print an error over the screen)', () => {
		const run = spawnSync(process.execPath, ['-e', `for (const flag of ${JSON.stringify(GC_FLAGS)}) require('node:v8').setFlagsFromString(flag)`], {encoding: 'utf8'});
		expect(run).toMatchObject({status: 0, stderr: ''});
		const options = spawnSync(process.execPath, ['--v8-options'], {encoding: 'utf8'}).stdout;
		for (const flag of GC_FLAGS) {
			expect(options).toContain(flag.replace(/=.*$/, ''));
		}
	});
});
