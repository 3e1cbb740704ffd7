import {useInput, type Key} from 'ink';
import {useCallback, useEffect, useRef, useState} from 'react';
import {handleKey, splitBurst, type KeyContext} from '../key-handler.js';

/**
 * Keys in one burst are handled one at a time, each after the screen has taken in the one before (its
 * state, its rows): `/qwen` types a filter instead of quitting at the `q`. A key whose command throws is
 * reported on one line; the screen and the receiver go on.
 */
export function useKeyQueue(context: {current: KeyContext | undefined}): string | undefined {
	const queue = useRef<Array<{input: string; key: Key}>>([]);
	const [, setPending] = useState(0);
	const [keyError, setKeyError] = useState<string | undefined>();
	const runNext = useCallback(() => {
		const next = queue.current.shift();
		if (!next) {
			return;
		}

		try {
			handleKey(next.input, next.key, context.current!);
			setKeyError(undefined);
		} catch (error) {
			setKeyError(`⚠ the key ${JSON.stringify(next.input || 'special')} failed: ${(error as Error).message ?? String(error)} (receiving goes on)`);
		}

		if (queue.current.length > 0) {
			setPending(count => count + 1);
		}
	}, []);
	const onKey = useCallback((input: string, key: Key) => {
		const idle = queue.current.length === 0;
		queue.current.push(...splitBurst(input, key));
		if (idle) {
			runNext();
		}
	}, []);
	useInput(onKey);
	// After every render: the next key of a burst sees what the previous one did.
	useEffect(() => {
		if (queue.current.length > 0) {
			runNext();
		}
	});
	return keyError;
}
