/** `codexmon status --help`: also the command's documentation. */
export const STATUS_HELP = `
	Usage
	  $ codexmon status [--format tmux|text|json] [--max-width N] [--db FILE] [--port N] [--notify]
	  $ codexmon status --tmux-setup [--write]

	One short line about everything live, for tmux's status bar:
	  ◆2 live · 41k tok/min · $3.40 today · 5h 43% · ⚠ loop e1714e3d
	It asks the running codexmon (found by its database's lock file, or --port)
	and, when none answers, reads the database; with nothing there it prints
	"codexmon: not running". It never waits more than about a second.

	Options
	  --format F        tmux (default: red on a critical alert, yellow on a
	                    warning), text, or json (live, tokensPerMinute,
	                    costTodayUsd, rateLimits, alerts)
	  --max-width N     Columns the line may take (default 60)
	  --db FILE         The database (default as for the receiver)
	  --port N          Ask the codexmon on this port (--host H, --token T)
	  --notify          Also send a desktop notification (notify-send) for
	                    each new critical alert
	  --tmux-setup      Print the lines for ~/.tmux.conf; with --write, add them
	                    (the old file is backed up; twice changes nothing)

	Examples
	  $ codexmon status
	  $ codexmon status --format json
	  $ codexmon status --tmux-setup --write
`;
