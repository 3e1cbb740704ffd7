import {decodeExport, exportRequestType} from '../../source/otlp/decode.js';
import {signalFromPath} from '../../source/otlp/signal.js';
import {loadCapture, type CaptureName, type CapturedRequest} from './captures.js';

/**
 * What a hostile repository could make Codex send: the clipboard written (OSC 52), the pane title set,
 * the screen cleared, a C1 CSI, a carriage return, a bell.
 */
export const HOSTILE = '\u001B]52;c;aGFja2Vk\u0007\u001B]0;pwned\u0007\u001B[2J\u009B31m\r\u0007';

/** Text attributes that reach the screen: each gets HOSTILE added. */
const POISONED = new Set(['prompt', 'output', 'model', 'approval_policy', 'sandbox_policy', 'tool_name', 'response', 'decision', 'source']);

type KeyValue = {key?: string; value?: {stringValue?: string}};

/** A real capture with HOSTILE in every drawn text attribute (and in the command inside `arguments`), re-encoded as protobuf. */
export function hostileCapture(name: CaptureName): CapturedRequest[] {
	return loadCapture(name).map(captured => {
		if (captured.contentType.includes('json')) {
			return captured;
		}

		const signal = signalFromPath(captured.path)!;
		const {request} = decodeExport(signal, 'protobuf', captured.body);
		const visit = (node: unknown) => {
			if (Array.isArray(node)) {
				for (const item of node) {
					visit(item);
				}
			} else if (node && typeof node === 'object') {
				const pair = node as KeyValue;
				if (typeof pair.key === 'string' && typeof pair.value?.stringValue === 'string') {
					if (POISONED.has(pair.key)) {
						pair.value.stringValue = `${pair.value.stringValue}${HOSTILE}`;
					} else if (pair.key === 'arguments') {
						try {
							const parsed = JSON.parse(pair.value.stringValue) as {cmd?: string};
							if (typeof parsed.cmd === 'string') {
								parsed.cmd = `${parsed.cmd}${HOSTILE}`;
								pair.value.stringValue = JSON.stringify(parsed);
							}
						} catch {}
					}
				}

				for (const value of Object.values(node)) {
					visit(value);
				}
			}
		};

		visit(request);
		const type = exportRequestType(signal);
		return {...captured, body: Buffer.from(type.encode(type.fromObject(request as Record<string, unknown>)).finish())};
	});
}

/** Any byte a terminal would act on: C0 but newline, DEL, C1. SGR colour codes are stripped first (those are codexmon's own). */
export function unsafeCharacters(output: string): string[] {
	// eslint-disable-next-line no-control-regex
	return [...output.replaceAll(/\u001B\[[\d;]*m/g, '').matchAll(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g)].map(match => JSON.stringify(match[0]));
}
