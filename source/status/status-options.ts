/** What `codexmon status` was asked, parsed without meow: this command runs every few seconds from tmux. */
export type StatusOptions = {
	format: StatusFormat;
	maxWidth: number | undefined;
	db: string | undefined;
	port: number | undefined;
	host: string | undefined;
	token: string | undefined;
	config: string | undefined;
	notify: boolean;
	tmuxSetup: boolean;
	write: boolean;
	help: boolean;
};

export const STATUS_FORMATS = ['tmux', 'text', 'json'] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

const VALUE_FLAGS = new Set(['format', 'max-width', 'db', 'port', 'host', 'token', 'config']);
const BOOLEAN_FLAGS = new Set(['notify', 'tmux-setup', 'write', 'help']);

/** The options, or the one-line reason they are wrong. */
export function parseStatusOptions(argv: readonly string[]): StatusOptions | {error: string} {
	const values = new Map<string, string>();
	const switches = new Set<string>();
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '-h') {
			switches.add('help');
			continue;
		}

		const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(argument);
		if (!match) {
			return {error: `unexpected argument "${argument}"; run \`codexmon status --help\``};
		}

		const [, name, inline] = match as unknown as [string, string, string | undefined];
		if (BOOLEAN_FLAGS.has(name) && inline === undefined) {
			switches.add(name);
		} else if (VALUE_FLAGS.has(name)) {
			const value = inline ?? argv[++index];
			if (value === undefined) {
				return {error: `--${name} needs a value`};
			}

			values.set(name, value);
		} else {
			return {error: `unknown flag --${name}; run \`codexmon status --help\``};
		}
	}

	const format = values.get('format') ?? 'tmux';
	if (!(STATUS_FORMATS as readonly string[]).includes(format)) {
		return {error: `--format must be one of ${STATUS_FORMATS.join(', ')}, got "${format}"`};
	}

	const maxWidth = numberOption(values.get('max-width'), 10, 1000);
	const port = numberOption(values.get('port'), 1, 65_535);
	if (maxWidth === null) {
		return {error: `--max-width must be a whole number from 10 to 1000, got "${values.get('max-width')}"`};
	}

	if (port === null) {
		return {error: `--port must be a whole number from 1 to 65535, got "${values.get('port')}"`};
	}

	return {
		format: format as StatusFormat,
		maxWidth,
		db: values.get('db'),
		port,
		host: values.get('host'),
		token: values.get('token'),
		config: values.get('config'),
		notify: switches.has('notify'),
		tmuxSetup: switches.has('tmux-setup'),
		write: switches.has('write'),
		help: switches.has('help'),
	};
}

/** undefined when absent, null when not a whole number in range. */
function numberOption(text: string | undefined, min: number, max: number): number | undefined | null {
	if (text === undefined) {
		return undefined;
	}

	const value = Number(text);
	return Number.isInteger(value) && value >= min && value <= max ? value : null;
}
