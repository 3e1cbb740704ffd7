import {useEffect, useRef} from 'react';
import type {SessionView} from '../../hub/session-view.js';

/** Rings the terminal bell once for each new critical alert. */
export function useCriticalAlertBell(views: ReadonlyMap<string, SessionView>, enabled: boolean, stdout: NodeJS.WriteStream): void {
	const seen = useRef<Set<string> | undefined>(undefined);
	useEffect(() => {
		const critical = new Set<string>();
		for (const {conversationId, session} of views.values()) {
			for (const alert of session.alerts) {
				if (alert.severity === 'critical') {
					critical.add(`${conversationId}:${alert.key}`);
				}
			}
		}

		if (seen.current && enabled && [...critical].some(key => !seen.current!.has(key))) {
			stdout.write('\u0007');
		}

		seen.current = critical;
	}, [views]);
}
