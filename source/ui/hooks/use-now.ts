import {useEffect, useState} from 'react';

/** The wall clock, ticking only while `active` (a running turn grows; an idle screen stays still). */
export function useNow(intervalMs: number, active: boolean, clock: () => number = Date.now): number {
	const [now, setNow] = useState(() => clock());
	useEffect(() => {
		if (!active) {
			return;
		}

		setNow(clock());
		const timer = setInterval(() => {
			setNow(clock());
		}, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [intervalMs, active, clock]);
	return active ? now : clock();
}
