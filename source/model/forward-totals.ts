/** What the tee to upstream collectors has done so far, summed over its targets (the status bar shows it). */
export type ForwardTotals = {targets: number; sent: number; queued: number; failed: number; dropped: number; failing: boolean; lastError: string | null};
