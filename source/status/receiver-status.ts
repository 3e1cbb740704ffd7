import type {UpstreamStats} from '../forward/upstream.js';
import type {HubStats} from '../hub/session-hub.js';
import type {StatusOverview} from '../model/status-overview.js';

/** What a running receiver answers on GET /codexmon/status (`overview` is what `codexmon status` prints). */
export type ReceiverStatus = {pid: number; grpcPort: number | null; stats: HubStats; forward: UpstreamStats[]; overview: StatusOverview};
