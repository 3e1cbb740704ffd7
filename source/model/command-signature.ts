import {parseArguments} from './tool-command.js';
import type {ToolCall} from './session.js';

/** Arguments that change how a command is run, not what it does. */
const NON_SEMANTIC_ARGUMENTS = new Set(['yield_time_ms', 'max_output_tokens', 'timeout_ms', 'justification', 'sandbox_permissions', 'workdir']);

/**
 * A call's meaning, so that trivially different calls compare equal: for shell commands the words with
 * quoting and whitespace folded, `./` prefixes dropped, `--opt=value` split, bundled short flags (`-la`)
 * separated, and flags sorted (their order does not change what a command does); for other tools the
 * arguments as canonical JSON. Arguments that only tune execution (`yield_time_ms`, …) are left out.
 */
export function commandSignature(call: Pick<ToolCall, 'tool' | 'arguments'>): string {
	const parsed = parseArguments(call.arguments);
	if (!parsed) {
		return `${call.tool} ${call.arguments.replaceAll(/\s+/g, ' ').trim()}`;
	}

	const command = parsed.cmd ?? parsed.command;
	if (typeof command === 'string' || (Array.isArray(command) && command.every(part => typeof part === 'string'))) {
		const words = typeof command === 'string' ? shellWords(command) : unwrapShell(command as string[]);
		const rest = canonicalJson(withoutKeys(parsed, ['cmd', 'command', ...NON_SEMANTIC_ARGUMENTS]));
		return `${call.tool} ${normalizeWords(words).join(' ')}${rest === '{}' ? '' : ` ${rest}`}`;
	}

	return `${call.tool} ${canonicalJson(withoutKeys(parsed, [...NON_SEMANTIC_ARGUMENTS]))}`;
}

/** `["bash", "-lc", "script"]` runs `script`. */
function unwrapShell(argv: string[]): string[] {
	return argv.length === 3 && /^(?:\/bin\/|\/usr\/bin\/)?(?:ba|z)?sh$/.test(argv[0]!) && argv[1]!.startsWith('-') && argv[1]!.includes('c') ? shellWords(argv[2]!) : argv;
}

/** Splits a command line into words the way a shell would for simple commands (quotes, escapes). */
export function shellWords(command: string): string[] {
	const words: string[] = [];
	let current = '';
	let quote: '"' | '\'' | undefined;
	let inWord = false;
	for (let index = 0; index < command.length; index++) {
		const character = command[index]!;
		if (quote) {
			if (character === quote) {
				quote = undefined;
			} else if (character === '\\' && quote === '"' && index + 1 < command.length) {
				current += command[++index];
			} else {
				current += character;
			}
		} else if (character === '"' || character === '\'') {
			quote = character;
			inWord = true;
		} else if (character === '\\' && index + 1 < command.length) {
			current += command[++index];
			inWord = true;
		} else if (/\s/.test(character)) {
			if (inWord) {
				words.push(current);
				current = '';
				inWord = false;
			}
		} else if (character === ';' || character === '|' || character === '&') {
			// Separators are words of their own, so "a;b" and "a ; b" agree.
			if (inWord) {
				words.push(current);
				current = '';
				inWord = false;
			}

			let operator = character;
			while (command[index + 1] === '|' || command[index + 1] === '&') {
				operator += command[++index];
			}

			words.push(operator);
		} else {
			current += character;
			inWord = true;
		}
	}

	if (inWord) {
		words.push(current);
	}

	return words;
}

/** Per simple command (between `;`, `&&`, `|`): program and operands in order, flags sorted. */
function normalizeWords(words: string[]): string[] {
	const result: string[] = [];
	let flags: string[] = [];
	let operands: string[] = [];
	const flush = () => {
		result.push(...operands, ...flags.sort());
		flags = [];
		operands = [];
	};

	for (const word of words) {
		if (/^(?:;|\|\|?|&&?)$/.test(word)) {
			flush();
			result.push(word);
			continue;
		}

		if (/^--[\w-]+=/.test(word) && operands.length > 0) {
			// `--opt=value` is `--opt value`: the flag joins the flags, its value the operands.
			const [flag, ...value] = word.split('=');
			flags.push(flag!);
			operands.push(stripDotSlash(value.join('=')));
		} else if (/^-[a-zA-Z]{2,}$/.test(word) && operands.length > 0) {
			flags.push(...[...word.slice(1)].map(letter => `-${letter}`));
		} else if (word.startsWith('-') && word.length > 1 && operands.length > 0) {
			flags.push(word);
		} else {
			operands.push(stripDotSlash(word));
		}
	}

	flush();
	return result;
}

function stripDotSlash(word: string): string {
	let stripped = word;
	while (stripped.startsWith('./') && stripped.length > 2) {
		stripped = stripped.slice(2);
	}

	return stripped.replaceAll(/\/+$/g, '') || word;
}

function withoutKeys(object: Record<string, unknown>, keys: Iterable<string>): Record<string, unknown> {
	const drop = new Set(keys);
	return Object.fromEntries(Object.entries(object).filter(([key]) => !drop.has(key)));
}

/** JSON with sorted keys and strings with folded whitespace. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		return `[${value.map(item => canonicalJson(item)).join(',')}]`;
	}

	if (typeof value === 'object' && value !== null) {
		return `{${Object.keys(value).sort().map(key => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`).join(',')}}`;
	}

	return typeof value === 'string' ? JSON.stringify(value.replaceAll(/\s+/g, ' ').trim()) : JSON.stringify(value);
}
