import type {AnyFlags} from 'meow';

/** Where data is kept and how it is priced: every command that reads the store takes these. */
export const STORE_FLAGS = {
	db: {type: 'string'},
	prices: {type: 'string'},
	config: {type: 'string'},
} as const satisfies AnyFlags;

/** Detection thresholds (also in the config file's [detect] and [budget]). */
export const DETECTION_FLAGS = {
	loopThreshold: {type: 'number'},
	budgetTokens: {type: 'number'},
	budgetUsd: {type: 'number'},
} as const satisfies AnyFlags;

/** The receiver's address and what it does with alerts. */
export const RECEIVER_FLAGS = {
	host: {type: 'string'},
	port: {type: 'number'},
	grpcPort: {type: 'number'},
	grpc: {type: 'boolean'},
	forward: {type: 'string', isMultiple: true},
	forwardHeader: {type: 'string', isMultiple: true},
	forwardQueue: {type: 'string'},
	onAlert: {type: 'string'},
	token: {type: 'string'},
	mask: {type: 'boolean'},
	retain: {type: 'string'},
	maxDbSize: {type: 'string'},
	watchSessions: {type: 'boolean'},
	codexHome: {type: 'string'},
} as const satisfies AnyFlags;

export const STORE_HELP = `	  --db FILE             Database file (default $XDG_DATA_HOME/codexmon/codexmon.db)
	  --prices FILE         Price overrides (TOML or JSON, USD per million tokens)
	  --config FILE         Config file (default $XDG_CONFIG_HOME/codexmon/config.toml)`;

export const DETECTION_HELP = `	  --loop-threshold N    Same call with the same result N times is a loop (default 3)
	  --budget-tokens N     Alert when a session's tokens pass N (warning at 80 %)
	  --budget-usd N        Alert when a session's cost passes N dollars (warning at 80 %)`;

export const RECEIVER_HELP = `	  --host H              Address to bind (default 127.0.0.1, loopback only)
	  --port N              OTLP/HTTP port to listen on (default 4318)
	  --grpc-port N         OTLP/gRPC port (default 4317, or one below --port N;
	                        any free one with --port 0); taken: OTLP/HTTP only, warned
	  --no-grpc             Do not listen for OTLP/gRPC
	  --forward URL         Also send every request on to this collector, unchanged
	                        (http(s)://host:4318 or grpc://host:4317; repeatable)
	  --forward-header K=V  Header (gRPC metadata) for the upstream; repeatable
	  --forward-queue 64MB  Per-upstream queue while it is slow or down; beyond it
	                        requests are dropped and counted
	  --on-alert CMD        Run CMD (via sh) with each new or escalated alert as JSON on stdin
	  --token T             Require Authorization: Bearer T (or CODEXMON_TOKEN); see setup --token
	  --mask                Store prompts, tool arguments and output as lengths and hashes only
	  --retain 30d          Delete sessions last seen longer ago than this (checked hourly)
	  --max-db-size 500MB   Delete the oldest sessions to keep the data under this
	  --no-watch-sessions   Do not import Codex's own session files as they are written
	                        (on by default: sessions started without [otel] appear too)
	  --codex-home DIR      Where those files are (default $CODEX_HOME, else ~/.codex;
	                        several: a,b)`;
