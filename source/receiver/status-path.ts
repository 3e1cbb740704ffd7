/** Where a running receiver answers with its state (`codexmon doctor`, `codexmon status`). */
export const STATUS_PATH = '/codexmon/status';
