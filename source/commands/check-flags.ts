import type {AnyFlags} from 'meow';
import {suggest} from '../format/suggest.js';
import {UsageError} from './command.js';

const ALWAYS_KNOWN = ['help', 'version'];

function kebabCase(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

/** Refuses an option the command does not take, naming the closest ones it does. */
export function checkFlags(commandName: string, argv: readonly string[], flags: AnyFlags): void {
	const known = [...Object.keys(flags).map(name => kebabCase(name)), ...ALWAYS_KNOWN];
	const shortFlags = Object.values(flags).map(flag => (flag as {shortFlag?: string}).shortFlag).filter(Boolean);
	for (const argument of argv) {
		if (argument === '--') {
			return;
		}

		if (/^-[a-zA-Z]$/.test(argument) && !shortFlags.includes(argument.slice(1)) && argument !== '-h') {
			throw new UsageError(`unknown option ${argument} for \`${commandName}\`; run \`${commandName} --help\` for its options`);
		}

		if (!argument.startsWith('--') || argument.length === 2) {
			continue;
		}

		const name = argument.slice(2).split('=', 1)[0]!;
		checkNumber(name, argument, argv[argv.indexOf(argument) + 1], flags);
		const positive = name.startsWith('no-') && known.includes(name.slice(3)) ? name.slice(3) : name;
		if (!known.includes(positive)) {
			const close = suggest(positive, known);
			throw new UsageError(`unknown option --${name} for \`${commandName}\`${close.length > 0 ? ` (did you mean ${close.map(candidate => `--${candidate}`).join(' or ')}?)` : ''}; run \`${commandName} --help\` for its options`);
		}
	}
}

function camelCase(name: string): string {
	return name.replaceAll(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `--port abc`: meow would make it NaN and the message would say so; say what was typed. */
function checkNumber(name: string, argument: string, next: string | undefined, flags: AnyFlags): void {
	const flag = flags[camelCase(name)] as {type?: string} | undefined;
	if (flag?.type !== 'number') {
		return;
	}

	const value = argument.includes('=') ? argument.slice(argument.indexOf('=') + 1) : next;
	if (value === undefined || value.trim() === '' || !Number.isFinite(Number(value))) {
		throw new UsageError(`--${name} needs a number, got ${value === undefined ? 'nothing' : `"${value}"`}`);
	}
}
