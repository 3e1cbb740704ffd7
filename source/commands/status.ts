import {STATUS_HELP} from '../status/status-help.js';
import type {Command} from './command.js';

/**
 * `codexmon status`, as the main help lists it. dist/cli.js runs it before loading the bundle (source/status/),
 * so this entry is only taken when the CLI runs in-process (`runCli(['status', …])`); it parses its own flags.
 */
export const statusCommand: Command = {
	name: 'status',
	summary: 'One line about everything live, for tmux\'s status bar',
	help: STATUS_HELP,
	flags: {},
	async run(input) {
		return this.runArgv!(input);
	},
	async runArgv(argv) {
		const {runStatus} = await import('../status/run-status.js');
		return runStatus(argv);
	},
};
