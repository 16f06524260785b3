"""Command line: `pki-validator check INBOX` and `pki-validator explain FILE`."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from validator import __version__
from validator.logs import progress_bar, setup_logging
from validator.policy import ConfigError, load_policy

STATE_NAME = ".pki-validator-state.sqlite"

EXIT_OK, EXIT_FAILING, EXIT_USAGE = 0, 1, 2
FAIL_ON = {"not_ready": ("not_ready",), "needs_review": ("not_ready", "needs_review"), "never": ()}


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pki-validator", description="Checks Peppol PKI certificate requests before a person approves them.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="check every request folder of an inbox and write the readiness report")
    check.add_argument("inbox", type=Path, help="a folder of request folders, or one request folder")
    check.add_argument("--members", metavar="SOURCE", help="membership register: .csv, .xlsx or a database URL (sqlite:///path.db)")
    check.add_argument("--policy", metavar="FILE", type=Path, help="TOML policy overriding validator/default-policy.toml")
    check.add_argument("--as-of", metavar="DATE", type=_date, default=None, help="judge the requests on this date (default: today)")
    check.add_argument("--approvers", metavar="FILE", type=Path, help="CSV of PA Certificate Approvers: pa,name,email")
    check.add_argument("--out", metavar="DIR", type=Path, default=Path("reports"), help="report folder (default: reports/)")
    check.add_argument("--fail-on", choices=tuple(FAIL_ON), default="not_ready",
                       help="exit 1 when a request is at or beyond this verdict (default: not_ready)")
    check.add_argument("--jobs", type=_jobs, default=None, help="worker processes (default: the number of cores)")
    check.add_argument("--state", metavar="PATH", type=Path,
                       help=f"state database (default: {STATE_NAME} in the --out folder)")
    check.add_argument("--wait", metavar="SECONDS", type=float, default=0.0,
                       help="wait this long for another run on the same state to finish (default: refuse at once)")
    check.add_argument("--quiet", action="store_true", help="print nothing but errors")
    check.add_argument("--log-format", choices=("text", "json"), default="text", help="stderr log lines as text or JSON lines")
    check.add_argument("--jira", action="store_true", help="first pull the open requests from the service desk into INBOX")
    check.add_argument("--post", action="store_true", help="then post each result as an internal comment on its ticket")
    check.add_argument("--dry-run", action="store_true", help="with --post: print what would be posted, post nothing")
    check.add_argument("--config", metavar="FILE", type=Path, help="service-desk configuration for --jira/--post (see jira.example.toml)")

    pull = sub.add_parser("pull", help="write the service desk's open PKI requests as request folders")
    pull.add_argument("--config", metavar="FILE", type=Path, required=True, help="service-desk configuration (see jira.example.toml)")
    pull.add_argument("--out", metavar="INBOX", type=Path, required=True, help="the inbox to write request folders into")
    pull.add_argument("--policy", metavar="FILE", type=Path, help="policy (for the attachment size limit)")
    pull.add_argument("--log-format", choices=("text", "json"), default="text")
    pull.add_argument("--quiet", action="store_true")

    post = sub.add_parser("post-results", help="post each result of the last check as an internal comment on its ticket")
    post.add_argument("--config", metavar="FILE", type=Path, required=True, help="service-desk configuration")
    post.add_argument("--out", metavar="DIR", type=Path, default=Path("reports"), help="the report folder of the check")
    post.add_argument("--dry-run", action="store_true", help="print what would be posted, post nothing")
    post.add_argument("--log-format", choices=("text", "json"), default="text")
    post.add_argument("--quiet", action="store_true")

    explain = sub.add_parser("explain", help="show what the extractor reads from one document")
    explain.add_argument("file", type=Path)
    explain.add_argument("--json", action="store_true", help="print JSON instead of text")
    explain.add_argument("--policy", metavar="FILE", type=Path)
    explain.add_argument("--country", metavar="CC", help="the service provider's country, for OCR languages (e.g. DK)")
    history = sub.add_parser("history", help="print the timeline of one request over the recorded runs")
    history.add_argument("request_id")
    history.add_argument("--out", metavar="DIR", type=Path, default=Path("reports"), help="report folder holding the state")
    history.add_argument("--state", metavar="PATH", type=Path, help="state database, if not the default one in --out")

    checks = sub.add_parser("checks", help="list the checks with their ids, severities and what makes them fail")
    checks.add_argument("--markdown", action="store_true", help="print docs/checks.md")
    return parser


def cmd_checks(args) -> int:
    from validator.checks import CHECKS
    from validator.docs import checks_markdown

    if args.markdown:
        sys.stdout.write(checks_markdown())
    else:
        for chk in CHECKS.values():
            print(f"{chk.id:<26} {chk.severity:<8} {chk.fails_when}")
    return EXIT_OK


def _paths(args) -> tuple[Path, Path, Path]:
    """(report folder, state database, lock file). The lock sits outside the report folder,
    which is swapped whole at the end of a run."""
    out = args.out.resolve()
    if args.state is not None:
        state = args.state.resolve()
        return out, state, state.with_name(state.name + ".lock")
    return out, out / STATE_NAME, out.with_name(f".{out.name}.lock")


def cmd_check(args) -> int:
    from validator.history import RunHistory, changes
    from validator.load.approvers import load_approvers
    from validator.load.members import load_members
    from validator.pipeline import run
    from validator.report import remove_stale_staging, write_reports
    from validator.state import StateLock, StateStore

    log = setup_logging(args.log_format, args.quiet)
    policy = load_policy(args.policy)
    if (args.jira or args.post) and args.config is None:
        raise ConfigError("--jira and --post need --config FILE (see jira.example.toml).")
    if args.jira:
        _pull(args.config, args.inbox, policy, log)
    members = load_members(args.members, policy.members) if args.members else None
    approvers = load_approvers(args.approvers) if args.approvers else {}
    out, state_path, lock_path = _paths(args)
    with StateLock(lock_path, args.wait):
        remove_stale_staging(out)
        state = StateStore(state_path)
        try:
            started_at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
            log.info("run started", extra={"inbox": str(args.inbox), "out": str(out)})
            with progress_bar(args.quiet) as bar:
                result = run(args.inbox, policy=policy, as_of=args.as_of or date.today(), members=members,
                             approvers=approvers, jobs=args.jobs, state=state, on_start=bar.start, on_document=bar.advance)
            for r in result.results:
                for d in r.documents:
                    if d.kind == "unreadable":
                        log.warning("unreadable attachment", extra={"request_id": r.request_id, "file": d.file,
                                                                    "problem": d.problem, "detail": d.description})
            run_id = state.record_run(result, started_at)
            history = RunHistory(changes(result.results, state.last_results(before_run=run_id), result.generated_at),
                                 state.recent_runs())
        finally:
            state.close()
        keep = (STATE_NAME,) if state_path.parent == out else ()
        write_reports(result, out, args.fail_on, keep=keep, history=history)
    stats = result.stats
    counts = stats.verdicts
    log.info(f"{stats.requests} requests: {counts.get('ready', 0)} ready, {counts.get('needs_review', 0)} needs_review, "
             f"{counts.get('not_ready', 0)} not_ready; {stats.documents} documents ({stats.parsed} parsed, {stats.cached} cached) "
             f"in {stats.seconds:.1f} s; reports in {args.out}",
             extra={"requests": stats.requests, "verdicts": counts, "documents": stats.documents, "parsed": stats.parsed,
                    "cached": stats.cached, "seconds": round(stats.seconds, 3), "summary": True})
    if args.post:
        _post(args.config, out, args.dry_run, log)
    failing = FAIL_ON[args.fail_on]
    return EXIT_FAILING if any(r.verdict in failing for r in result.results) else EXIT_OK


def _jira_client(config_path: Path):
    from validator.servicedesk.client import JiraClient
    from validator.servicedesk.config import load_jira_config

    return JiraClient(load_jira_config(config_path))


def _pull(config_path: Path, inbox: Path, policy, log) -> None:
    from validator.servicedesk.client import JiraError
    from validator.servicedesk.pull import pull

    try:
        stats = pull(_jira_client(config_path), inbox, int(policy.limits["max_file_bytes"]))
    except JiraError as exc:
        raise ConfigError(f"pull from the service desk failed: {exc}") from None
    log.info(f"pulled {stats.tickets} tickets into {inbox}: {stats.downloaded} attachments downloaded, "
             f"{stats.already_there} already there, {stats.refused} refused, {stats.removed_folders} closed tickets removed",
             extra={"tickets": stats.tickets, "downloaded": stats.downloaded, "already_there": stats.already_there,
                    "refused": stats.refused, "removed_folders": stats.removed_folders, "summary": True})


def _post(config_path: Path, out: Path, dry_run: bool, log) -> None:
    import json

    from validator.servicedesk.client import JiraError
    from validator.servicedesk.post import post_results

    summary_path = out / "summary.json"
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(f"no readable {summary_path}: run `pki-validator check` first.") from None
    try:
        outcomes = post_results(_jira_client(config_path), summary, dry_run)
    except JiraError as exc:
        raise ConfigError(f"posting to the service desk failed: {exc}") from None
    for outcome in outcomes:
        if outcome.action == "would post":
            print(f"--- {outcome.key}: would post this internal comment ---\n{outcome.body}\n")
    counts = {a: sum(1 for o in outcomes if o.action == a) for a in ("posted", "would post", "unchanged", "skipped")}
    log.info(f"results: {counts['posted']} posted, {counts['would post']} would be posted (dry run), "
             f"{counts['unchanged']} unchanged, {counts['skipped']} not tickets", extra={**counts, "summary": True})


def cmd_pull(args) -> int:
    log = setup_logging(args.log_format, args.quiet)
    _pull(args.config, args.out, load_policy(args.policy), log)
    return EXIT_OK


def cmd_post_results(args) -> int:
    log = setup_logging(args.log_format, args.quiet)
    _post(args.config, args.out.resolve(), args.dry_run, log)
    return EXIT_OK


def cmd_history(args) -> int:
    from validator.history import timeline
    from validator.state import StateStore

    _, state_path, _ = _paths(args)
    if not state_path.is_file():
        raise ConfigError(f"no state database at {state_path}; run `pki-validator check` first or pass --state.")
    state = StateStore(state_path)
    try:
        print(timeline(args.request_id, state.history(args.request_id)))
    finally:
        state.close()
    return EXIT_OK


def cmd_explain(args) -> int:
    from validator.explain import explain

    if not args.file.is_file():
        raise ConfigError(f"{args.file} is not a file.")
    policy = load_policy(args.policy)
    print(explain(args.file, policy, as_json=args.json, country=args.country))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code not in (0, None) else EXIT_OK
    try:
        return {"check": cmd_check, "explain": cmd_explain, "checks": cmd_checks, "history": cmd_history,
                "pull": cmd_pull, "post-results": cmd_post_results}[args.command](args)
    except ConfigError as exc:
        print(f"pki-validator: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("pki-validator: interrupted; the previous reports are left as they were.", file=sys.stderr)
        return 130
