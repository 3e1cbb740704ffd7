import type {AnyFlags} from 'meow';

/** One sub-command: its help text is its documentation, its flags are parsed by meow. */
export type Command = {
	name: string;
	summary: string;
	help: string;
	flags: AnyFlags;
	/** How many arguments it takes (more is an error), and how they are written. */
	arguments?: {most: number; usage: string};
	/** Resolves with the process exit code. */
	run(input: string[], flags: Record<string, unknown>): Promise<number>;
	/** A command that reads its own arguments (no meow): given them unparsed, instead of `run`. */
	runArgv?(argv: string[]): Promise<number>;
};

/** A problem the user can fix: printed as one line, exit code 1, no stack trace. */
export class UsageError extends Error {
	override name = 'UsageError';
}
