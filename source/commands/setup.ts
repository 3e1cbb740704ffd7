import fs from 'node:fs';
import path from 'node:path';
import {resolveConfig} from '../config.js';
import {codexConfigPath} from '../setup/codex-home.js';
import {describeReplacement, mergeOtelBlock} from '../setup/merge-codex-config.js';
import {renderOtelBlock} from '../model/otel-block.js';
import {UsageError, type Command} from './command.js';

export const setupCommand: Command = {
	name: 'setup',
	summary: 'Print (or write) the Codex [otel] config that connects Codex to codexmon',
	arguments: {most: 0, usage: 'codexmon setup [options]'},
	help: `
	Usage
	  $ codexmon setup [--write [--force]] [--port N] [--host H] [--log-user-prompt] [--token T]

	Prints the [otel] block for Codex's config.toml: the log, trace and
	metrics exporters, each OTLP/HTTP with protocol "binary", pointed at this
	receiver. All three are needed: without metrics_exporter Codex sends its
	metrics to its own default endpoint, not to codexmon.

	With --write it merges the block into $CODEX_HOME/config.toml (default
	~/.codex/config.toml): it backs the file up first, leaves every other key
	and comment as it was, and changes nothing when the block is already there.
	If an [otel] section exists that codexmon did not write, it shows the
	difference and stops, unless --force.

	Options
	  --write            Merge the block into Codex's config.toml
	  --force            Replace an [otel] section codexmon did not write
	  --log-user-prompt  Ask Codex to send prompt text (default: Codex sends "[REDACTED]")
	  --token            Send this bearer token (when codexmon runs with --token)
	  --port, --host     Where codexmon listens (default 127.0.0.1:4318)

	Examples
	  $ codexmon setup
	  $ codexmon setup --write
	  $ CODEX_HOME=/tmp/codex codexmon setup --write --port 14318
`,
	flags: {
		write: {type: 'boolean'},
		force: {type: 'boolean'},
		logUserPrompt: {type: 'boolean'},
		token: {type: 'string'},
		host: {type: 'string'},
		port: {type: 'number'},
	},
	async run(_input, flags) {
		const config = resolveConfig(flags);
		const token = typeof flags.token === 'string' ? flags.token : process.env.CODEXMON_TOKEN;
		const block = renderOtelBlock({host: config.host, port: config.port, token, logUserPrompt: Boolean(flags.logUserPrompt)});
		if (!flags.write) {
			process.stdout.write(`# Add this to ${codexConfigPath()} (or run \`codexmon setup --write\`):\n\n${block}`);
			return 0;
		}

		const file = codexConfigPath();
		const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		const result = mergeOtelBlock(existing, block, {force: Boolean(flags.force)});
		switch (result.status) {
			case 'unchanged': {
				process.stdout.write(`${file} already sends Codex's telemetry to codexmon; nothing changed.\n`);
				return 0;
			}

			case 'conflict': {
				const diff = result.existing ? `\n\nWith --force, codexmon would make this change:\n${describeReplacement(result.existing, block)}\n` : '\n';
				throw new UsageError(`not changing ${file}: ${result.reason}.${diff}`);
			}

			default: {
				fs.mkdirSync(path.dirname(file), {recursive: true});
				let backup = '';
				if (existing !== '') {
					backup = `${file}.codexmon-backup-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
					fs.copyFileSync(file, backup);
				}

				const temporary = `${file}.codexmon-${process.pid}.tmp`;
				fs.writeFileSync(temporary, result.text, {mode: existing === '' ? 0o600 : fs.statSync(file).mode});
				fs.renameSync(temporary, file);
				process.stdout.write(`${result.status === 'added' ? 'Added' : 'Updated'} the [otel] block in ${file}${backup ? ` (backup: ${backup})` : ''}.\nStart codexmon, then run Codex as usual; its sessions appear within a second.\n`);
				return 0;
			}
		}
	},
};
