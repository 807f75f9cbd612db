"""Command line for the project's own tasks: ``python -m bot.cli <command>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List

from bot.settings import get_settings


def _seed(_: argparse.Namespace) -> int:
    from bot.content.db import check_connection, session_factory
    from bot.content.loader import counts, read_content, write_content

    settings = get_settings()
    content = read_content(settings.content_dir)
    check_connection(settings.content_db_url)
    sessions = session_factory(settings.content_db_url)
    write_content(content, sessions)
    summary = ", ".join(f"{n} {table}" for table, n in counts(sessions).items())
    print(f"content store ready: {summary}")
    return 0


def _content_check(_: argparse.Namespace) -> int:
    from bot.content.check import run_check
    from bot.settings import PROJECT_ROOT

    settings = get_settings()
    report = run_check(PROJECT_ROOT, settings.content_dir, settings.source_max_age_days)
    for line in report.warnings:
        print(f"warning: {line}")
    for line in report.failures:
        print(f"FAIL: {line}")
    print(f"content check: {report.summary()}")
    print(f"content check: {len(report.failures)} failure(s), {len(report.warnings)} warning(s)")
    return 0 if report.ok else 1


def _report(_: argparse.Namespace) -> int:
    from bot.reports import review_report

    report = review_report(get_settings())
    print("Least helpful answers (content id: helpful / not helpful)")
    for rating in report.least_helpful or []:
        print(f"  {rating.content_id}: {rating.helpful} / {rating.unhelpful}")
    if not report.least_helpful:
        print("  (no ratings yet)")
    print("Questions that fell back (content gaps), most frequent first")
    for question, count in report.content_gaps:
        print(f"  {count} x {question}")
    if not report.content_gaps:
        print("  (none)")
    return 0


def _purge(_: argparse.Namespace) -> int:
    from bot.reports import purge

    settings = get_settings()
    events, records = purge(settings)
    print(f"purged {events} conversation events and {records} feedback/escalation records "
          f"older than {settings.retention_days} days")
    return 0


def _build_spacy(args: argparse.Namespace) -> int:
    from bot.spacy_pipeline import save

    print(f"spaCy pipeline written to {save(Path(args.target))}")
    return 0


def _credentials(args: argparse.Namespace) -> int:
    from bot.channels.credentials import write

    result = write(Path(args.source), Path(args.target))
    print(f"channels: {', '.join(name.rsplit('.', 1)[-1] for name in result.enabled)}")
    for name, missing in result.disabled.items():
        print(f"  off: {name} (set {', '.join(missing)})")
    return 0


def _telegram_webhook(args: argparse.Namespace) -> int:
    import asyncio

    from bot.channels.telegram import register_webhook

    print(asyncio.run(register_webhook(Path(args.credentials))))
    return 0


def _server_args(_: argparse.Namespace) -> int:
    from bot.server_args import rasa_server_args

    args, warnings = rasa_server_args(get_settings())
    for warning in warnings:
        print(f"WARNING: {warning}", file=sys.stderr)
    if args:
        print("\n".join(args))
    return 0


def main(argv: List[str] | None = None) -> int:
    from bot.content.db import ContentStoreUnavailable
    from bot.content.loader import ContentError

    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("seed", help="load content/ into the content database").set_defaults(
        run=_seed)
    commands.add_parser(
        "content-check", help="check length, reading level, sources and NLU coverage"
    ).set_defaults(run=_content_check)
    commands.add_parser(
        "report", help="least helpful answers and questions that fell back"
    ).set_defaults(run=_report)
    commands.add_parser(
        "purge", help="delete conversations and records older than NET_RETENTION_DAYS"
    ).set_defaults(run=_purge)
    build = commands.add_parser("build-spacy", help="build the blank-English spaCy pipeline")
    build.add_argument("target")
    build.set_defaults(run=_build_spacy)
    credentials = commands.add_parser(
        "credentials", help="write the credentials file for this run: only configured channels")
    credentials.add_argument("target")
    credentials.add_argument("--source", default="credentials.yml")
    credentials.set_defaults(run=_credentials)
    commands.add_parser(
        "telegram-webhook", help="register NET_PUBLIC_URL's Telegram webhook with its secret"
    ).set_defaults(run=_telegram_webhook, credentials="credentials.yml")
    commands.add_parser(
        "server-args", help="security arguments for `rasa run` (API auth, CORS), one a line"
    ).set_defaults(run=_server_args)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (ContentStoreUnavailable, ContentError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
