/**
 * The allowed imports of DESIGN.md §2.2, one rule per folder of source/: a folder may import only what its
 * row names (an allow list, so a new folder or a new arrow fails until the table says so), plus no cycles.
 * The allow lists form a DAG (every folder may import only folders below it; app/ and commands/ are
 * imported only from above), so the folder graph cannot have a cycle either.
 * `npm run lint:imports` runs it; `npm test` runs that first.
 */

/** A rule: files under `folder` may import only the source/ folders in `allowed` (and npm packages). */
function only(name, folder, allowed, comment) {
	return {
		name,
		comment,
		severity: 'error',
		from: {path: folder},
		to: {path: '^source/', pathNot: [folder, ...allowed]},
	};
}

const folder = name => `^source/${name}/`;
/** The root's configuration files (config.ts, config-file.ts, config-paths.ts, prices-file.ts, price-list-file.ts). */
const CONFIG = '^source/(config|config-file|config-paths|prices-file|price-list-file)\\.ts$';

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			comment: 'No module may reach itself through its runtime imports (a cycle of `import type` is erased by the compiler; folder cycles of any kind are ruled out by the folder rules below).',
			severity: 'error',
			from: {},
			to: {circular: true, viaOnly: {dependencyTypesNot: ['type-only']}},
		},
		only('format', folder('format'), [], 'format/ imports nothing of source/.'),
		only('otlp', folder('otlp'), [], 'otlp/ imports node built-ins and its own proto/ only.'),
		only('model', folder('model'), [folder('otlp'), folder('format')], 'model/ is pure: otlp/ types and format/ only.'),
		{
			name: 'model-otlp-types-only',
			comment: 'model/ uses otlp/ for its types, never its code.',
			severity: 'error',
			from: {path: folder('model')},
			to: {path: folder('otlp'), dependencyTypesNot: ['type-only']},
		},
		only('detect', folder('detect'), [folder('model'), folder('format')], 'detect/ observes the engine: model/ and format/ only.'),
		only('hub', folder('hub'), [folder('model'), folder('detect')], 'hub/ holds sessions in memory: model/ and detect/ only.'),
		only('receiver', folder('receiver'), [folder('otlp'), folder('format')], 'receiver/ is an I/O shell given consume(): otlp/ and format/ only.'),
		only('importer', folder('importer'), [folder('model'), folder('format')], 'importer/ is an I/O shell given consume(): model/ and format/ only.'),
		only('store', folder('store'), [folder('model')], 'store/ persists the model: model/ only.'),
		only('forward', folder('forward'), [folder('otlp'), folder('model'), folder('format')], 'forward/ tees requests upstream: otlp/, model/, format/.'),
		only('export', folder('export'), [folder('otlp'), folder('model'), folder('format')], 'export/ writes a session out: otlp/, model/, format/.'),
		only('replay', folder('replay'), [folder('store'), folder('hub'), folder('model')], 'replay/ feeds stored events to the hub: store/, hub/, model/.'),
		only('ui', folder('ui'), [folder('hub'), folder('model'), folder('format')], 'ui/ renders hub views: hub/, model/, format/ only (no store, receiver, app, commands, otlp).'),
		{
			name: 'app',
			comment: 'app/ is the composition root: it may import everything but commands/ and ui/.',
			severity: 'error',
			from: {path: folder('app')},
			to: {path: [folder('commands'), folder('ui')]},
		},
		{
			name: 'app-only-from-commands',
			comment: 'Only commands/ (and the launcher) import the composition root.',
			severity: 'error',
			from: {path: '^source/', pathNot: [folder('app'), folder('commands'), '^source/(cli\\.ts|run-cli\\.tsx)$']},
			to: {path: folder('app')},
		},
		{
			name: 'launcher-imported-by-none',
			comment: 'cli.ts and run-cli.tsx are the top: nothing imports them.',
			severity: 'error',
			from: {path: '^source/', pathNot: '^source/(cli\\.ts|run-cli\\.tsx)$'},
			to: {path: '^source/(cli\\.ts|run-cli\\.tsx)$'},
		},
		only('config', CONFIG, [CONFIG, folder('model'), folder('detect'), folder('forward'), folder('setup'), folder('format')], 'The configuration resolves flags, env and files: model/, detect/, forward/, setup/, format/.'),
		only('setup', folder('setup'), [folder('model'), folder('format')], 'setup/ (editing Codex\'s config) is a leaf: model/ and format/ only.'),
		only('doctor', folder('doctor'), [folder('receiver'), folder('forward'), folder('setup'), folder('status'), folder('model'), folder('format')], 'doctor/ is a leaf used by commands/.'),
		only('demo', folder('demo'), [folder('otlp'), folder('model'), folder('format')], 'demo/ (captured requests played to a receiver) is a leaf used by commands/: otlp/, model/, format/.'),
		only('status', folder('status'), [CONFIG, folder('receiver'), folder('store'), folder('hub'), folder('forward'), folder('model'), folder('format')], 'status/ (the tmux status line) is a leaf used by the launcher.'),
		only('launch', folder('launch'), [], 'launch/ picks start-up settings: node built-ins only.'),
		only('build', folder('build'), [], 'build/ holds build steps: nothing of source/.'),
		{
			name: 'commands-only-from-launcher',
			comment: 'commands/ is the top of the wiring: only the launcher imports it.',
			severity: 'error',
			from: {path: '^source/', pathNot: [folder('commands'), '^source/(cli\\.ts|run-cli\\.tsx)$']},
			to: {path: folder('commands')},
		},
	],
	options: {
		doNotFollow: {path: 'node_modules'},
		exclude: {path: ['^source/otlp/proto/']},
		tsPreCompilationDeps: true,
		tsConfig: {fileName: 'tsconfig.json'},
		enhancedResolveOptions: {extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json']},
	},
};
