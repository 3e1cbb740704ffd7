import {spawnSync} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {gcFlags, gcFlagsFor} from '../../source/launch/gc-policy.js';

describe('the GC policy flags set at start', () => {
	it('say "one memory-reducer GC" the way each V8 does: a switch on 11.3 (Node 20), a count on 12+ (Node 22, 24, 26)', () => {
		expect(gcFlags([], '', '11.3.244.8-node.33')).toEqual(['--heap-growing-percent=100', '--memory-reducer-single-gc']);
		for (const version of ['12.4.254.21-node.57', '13.6.233.17-node.63', '14.6.202.34-node.40']) {
			expect(gcFlags([], '', version)).toEqual(['--heap-growing-percent=100', '--memory-reducer-gc-count=1']);
		}

		expect(gcFlags([], '', '10.2.154.26-node.36')).toEqual([]);
	});

	it('are all set unless the user chose them on the command line or in NODE_OPTIONS', () => {
		const node20 = '11.3.244.8-node.33';
		const node24 = '13.6.233.17-node.63';
		expect(gcFlags(['--max-old-space-size=512'], '--enable-source-maps', node24)).toEqual(['--heap-growing-percent=100', '--memory-reducer-gc-count=1']);
		expect(gcFlags(['--heap-growing-percent=300'], '', node20)).toEqual(['--memory-reducer-single-gc']);
		expect(gcFlags([], '--heap_growing_percent=50', node24)).toEqual(['--memory-reducer-gc-count=1']);
		expect(gcFlags(['--no-memory-reducer-single-gc'], '', node20)).toEqual(['--heap-growing-percent=100']);
		expect(gcFlags([], '--memory-reducer-gc-count=3', node24)).toEqual(['--heap-growing-percent=100']);
	});

	it('are flags this Node\'s V8 knows (an unknown one would print an error over the screen)', () => {
		const flags = gcFlags([], '');
		expect(flags).toHaveLength(2);
		const run = spawnSync(process.execPath, ['-e', `for (const flag of ${JSON.stringify(flags)}) require('node:v8').setFlagsFromString(flag)`], {encoding: 'utf8'});
		expect(run).toMatchObject({status: 0, stderr: ''});
		const options = spawnSync(process.execPath, ['--v8-options'], {encoding: 'utf8'}).stdout;
		for (const flag of flags) {
			expect(options).toContain(`${flag.replace(/=.*$/, '')} (`);
		}
	});
});
