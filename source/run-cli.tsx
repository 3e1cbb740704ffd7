import process from 'node:process';
import meow from 'meow';
import {checkFlags} from './commands/check-flags.js';
import {UsageError, type Command} from './commands/command.js';
import {deleteCommand} from './commands/delete.js';
import {demoCommand} from './commands/demo.js';
import {doctorCommand} from './commands/doctor.js';
import {exportCommand} from './commands/export.js';
import {importCommand} from './commands/import.js';
import {pricesCommand} from './commands/prices.js';
import {pruneCommand} from './commands/prune.js';
import {replayCommand} from './commands/replay.js';
import {reportCommand} from './commands/report.js';
import {serveCommand} from './commands/serve.js';
import {setupCommand} from './commands/setup.js';
import {sessionsCommand} from './commands/sessions.js';
import {showCommand} from './commands/show.js';
import {statusCommand} from './commands/status.js';
import {watchCommand} from './commands/watch.js';
import {checkArgumentCount, explainEnvironmentError} from './commands/environment-errors.js';
import {ConfigFileError} from './config-file.js';
import {ConfigError} from './config.js';
import {suggest} from './format/suggest.js';
import {PricesFileError} from './prices-file.js';
import {PortInUseError} from './receiver/server.js';
import {DatabaseError} from './store/database.js';

const COMMANDS: readonly Command[] = [watchCommand, serveCommand, sessionsCommand, showCommand, replayCommand, exportCommand, importCommand, reportCommand, setupCommand, doctorCommand, statusCommand, demoCommand, pricesCommand, pruneCommand, deleteCommand];
const DEFAULT_COMMAND = watchCommand;

const MAIN_HELP = `
	codexmon: a live terminal monitor for OpenAI Codex CLI sessions

	Usage
	  $ codexmon [command] [options]

	Commands
${COMMANDS.map(command => `	  ${command.name.padEnd(10)}${command.summary}`).join('\n')}

	Run \`codexmon <command> --help\` for a command's options.

	Examples
	  $ codexmon demo             see it work on real captured Codex sessions
	  $ codexmon                  start the receiver and the live screen
	  $ codexmon serve
	  $ codexmon --forward http://otel-collector:4318   also send it all to your team's Collector
	  $ codexmon sessions
	  $ codexmon show 8886e1714e3d --json
	  $ codexmon status --tmux-setup --write   codexmon in tmux's status bar
`;

async function main(given: string[]): Promise<number> {
	const argv = helpArguments(given);
	const [first, ...rest] = argv;
	const named = COMMANDS.find(command => command.name === first);
	if (!named && first !== undefined && !first.startsWith('-')) {
		throw new UsageError(`unknown command "${first}"${didYouMean(first)}; run \`codexmon --help\` for the list`);
	}

	if (named?.runArgv) {
		return named.runArgv(rest);
	}

	const command = named ?? DEFAULT_COMMAND;
	checkFlags(named ? `codexmon ${command.name}` : 'codexmon', named ? rest : argv, command.flags);
	let cli;
	try {
		cli = meow(named ? command.help : MAIN_HELP, {
			importMeta: import.meta,
			description: false,
			argv: named ? rest : argv,
			flags: command.flags,
			allowUnknownFlags: false,
			// An absent boolean stays undefined, so the config file (e.g. receiver.grpc, privacy.mask, alerts.bell) can still decide.
			booleanDefault: undefined,
			autoHelp: true,
			autoVersion: true,
		});
	} catch (error) {
		// Meow throws for a value outside a flag's choices: that is the user's typo, not a crash.
		throw new UsageError(`${(error as Error).message}; run \`codexmon ${named ? `${command.name} ` : ''}--help\``);
	}

	const extra = command.arguments ? checkArgumentCount(command.name, cli.input, command.arguments.most, command.arguments.usage) : undefined;
	if (extra) {
		throw new UsageError(extra);
	}

	return command.run(cli.input, cli.flags);
}

/** `-h` is `--help`; `help` and `help <command>` are the main and the command's `--help`. */
function helpArguments(argv: string[]): string[] {
	const asked = argv.map(argument => argument === '-h' ? '--help' : argument);
	if (asked[0] === 'help') {
		const named = COMMANDS.find(command => command.name === asked[1]);
		if (asked[1] !== undefined && !named) {
			throw new UsageError(`no command "${asked[1]}"${didYouMean(asked[1])}; run \`codexmon --help\` for the list`);
		}

		return named ? [named.name, '--help'] : ['--help'];
	}

	return asked;
}

function didYouMean(word: string): string {
	const close = suggest(word, COMMANDS.map(command => command.name));
	return close.length > 0 ? ` (did you mean ${close.map(name => `"${name}"`).join(' or ')}?)` : '';
}

/** The whole CLI: runs a command and sets the exit code; errors are reported, never thrown. */
export async function runCli(argv: string[] = process.argv.slice(2)): Promise<void> {
	// `codexmon sessions | head`: the reader went away. Said once, exit code 1, never a stack trace.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		process.stderr.write(`codexmon: ${explainEnvironmentError(error) ?? error.message}\n`);
		process.exit(1);
	});
	try {
		process.exitCode = await main(argv);
	} catch (error) {
		const environment = explainEnvironmentError(error);
		if (error instanceof UsageError || error instanceof ConfigError || error instanceof ConfigFileError || error instanceof PricesFileError || error instanceof PortInUseError || error instanceof DatabaseError) {
			process.stderr.write(`codexmon: ${error.message}\n`);
		} else if (environment) {
			process.stderr.write(`codexmon: ${environment}\n`);
		} else {
			process.stderr.write(`codexmon: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
		}

		process.exitCode = 1;
	}
}
