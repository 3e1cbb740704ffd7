import type {UpstreamStats} from '../forward/upstream.js';
import type {HubStats} from '../hub/session-hub.js';

/** What a running receiver answers on GET /codexmon/status. */
export type ReceiverStatus = {pid: number; grpcPort: number | null; stats: HubStats; forward: UpstreamStats[]};
