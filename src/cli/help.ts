/** The `--help` text. */

/** Usage of `mcp-conform`. */
export const HELP_TEXT = `mcp-conform: conformance checks for MCP servers

Usage:
  mcp-conform [run] --stdio "<command line>" [options]   test a server started as a child process
  mcp-conform [run] --url <http(s) URL> [options]        test a Streamable HTTP (or legacy HTTP+SSE) server
  mcp-conform [run] --ws <ws(s) URL> [options]           test a WebSocket server
  mcp-conform list [--json]                              list every check
  mcp-conform mock …                                     run a mock MCP server (mcp-conform mock --help)

Target options:
  --stdio <command line>        the server's command line (quoted arguments are kept together)
  --url <url>                   an HTTP endpoint; --transport auto|streamable-http|sse (default auto)
  --ws <url>                    a WebSocket endpoint
  --env KEY=VALUE               add a variable to the server's environment (repeatable; values are redacted)
  --header "Name: value"        add a header to every HTTP/WebSocket request (repeatable; values are redacted)

Run options:
  --protocol-version <v>|all|latest
                                versions to test (default all: every version the server accepts)
  --suite <name>                run only these suites (repeatable or comma-separated)
  --check <id>                  run only these checks (repeatable or comma-separated; * matches anything)
  --skip <id|suite>             skip these checks or suites (repeatable or comma-separated)
  --profile <file.json>         what the harness may call (default: ./mcp-conform.config.json when present)
  --expected-failures <file>    YAML baseline of known failures; listed checks that pass fail the run as stale
  --strict                      warnings (SHOULD violations) fail the run
  --timeout <ms>                time limit of each check (default: each check's own, 20000 for most;
                                requests wait at most 10000 and a server start 30000, or the check's limit if smaller)
  --concurrency <n>             sessions open at once (default 4)

Output options:
  --report-dir <dir>            where reports are written (default reports/)
  --format <list>               json,html,junit,md (default: all four)
  --json                        print the JSON report on stdout
  --quiet                       no progress, only the summary
  -h, --help                    this text
  -v, --version                 the version of mcp-conform

Exit codes: 0 no failure (warnings and baselined failures allowed), 1 a failure, an error or a stale baseline
entry (with --strict, a warning too), 2 a usage or configuration error (nothing was run).
`;
