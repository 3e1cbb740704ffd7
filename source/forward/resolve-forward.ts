import {parseSize} from '../format/parse-size.js';
import {ForwardTargetError, parseForwardTarget} from './forward-target.js';

export type ForwardConfig = Readonly<{
	urls: readonly string[];
	headers: Readonly<Record<string, string>>;
	/** Per upstream. */
	maxQueueBytes: number;
}>;

/** Enough for hours of a busy Codex session while the upstream is away. */
export const DEFAULT_FORWARD_QUEUE_BYTES = 64 * 1024 * 1024;

type ForwardFlags = {forward?: string[]; forwardHeader?: string[]; forwardQueue?: string};

/**
 * `--forward` and `--forward-header` are repeatable; flags replace CODEXMON_FORWARD, which replaces [forward] in the config
 * file. Throws ForwardTargetError for a bad value.
 */
export function resolveForward(flags: ForwardFlags, env: NodeJS.ProcessEnv, section: Record<string, unknown>): ForwardConfig {
	const urls = nonEmpty(flags.forward) ?? (env.CODEXMON_FORWARD ? env.CODEXMON_FORWARD.split(/[\s,]+/).filter(Boolean) : undefined) ?? (section.urls as string[] | undefined) ?? [];
	for (const url of urls) {
		parseForwardTarget(url);
	}

	const headers: Record<string, string> = nonEmpty(flags.forwardHeader) ? {} : {...section.headers as Record<string, string> | undefined};
	for (const header of flags.forwardHeader ?? []) {
		const match = /^\s*([\w.-]+)\s*[=:]\s*(.*)$/.exec(header);
		if (!match) {
			throw new ForwardTargetError(`--forward-header must be NAME=VALUE (e.g. authorization=Bearer abc), got "${header}"`);
		}

		headers[match[1]!.toLowerCase()] = match[2]!;
	}

	const queueText = flags.forwardQueue ?? (section.queue_size as string | undefined);
	const maxQueueBytes = queueText === undefined ? DEFAULT_FORWARD_QUEUE_BYTES : parseSize(queueText);
	if (maxQueueBytes === undefined || maxQueueBytes <= 0) {
		throw new ForwardTargetError(`--forward-queue must be a size like 64MB or 512KiB, got "${queueText}"`);
	}

	return Object.freeze({urls, headers: Object.freeze(headers), maxQueueBytes});
}

function nonEmpty(list: string[] | undefined): string[] | undefined {
	return list && list.length > 0 ? list : undefined;
}
