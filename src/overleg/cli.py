"""The `overleg` command line.

Commands that draw no screen (check, list, export, actions, demo, --help) never import Textual:
it costs a third of a second, while they take milliseconds. Exit status: 0 success, 1 a failed
operation, 2 bad input. Messages go to stderr in plain words; --debug adds the traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from overleg import __version__

if TYPE_CHECKING:
    from overleg.chair.meeting import Chair
    from overleg.chair.service import Service

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class CliError(Exception):
    """A failure to report in plain words, with its exit status."""

    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = status


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def _common_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="where meetings are kept (default: OVERLEG_DATA_DIR or the user data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=("nl", "en"),
        default=default,
        help="language of screens and minutes (default: OVERLEG_LANG or the agenda's)",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        default=default if default is not None else False,
        help="show tracebacks of failures",
    )


#: Each command's one-line help, in the order `overleg --help` lists them.
COMMAND_HELP = {
    "check": "check agenda files and report every problem",
    "run": "hold a meeting of an agenda (continues an unfinished one)",
    "resume": "continue an unfinished meeting where it stopped",
    "list": "list meetings: date, title, status, folder",
    "export": "write the minutes of a meeting",
    "actions": "list actions across meetings",
    "demo": "hold a scripted meeting without a screen and print where its minutes are",
}


def _command_arguments(name: str, parser: argparse.ArgumentParser) -> None:
    """The arguments of command `name`."""
    if name == "check":
        parser.add_argument("files", nargs="+", metavar="FILE")
    elif name == "run":
        parser.add_argument("agenda", metavar="AGENDA")
        parser.add_argument(
            "--new", action="store_true", help="start a new meeting even if one is unfinished"
        )
    elif name == "resume":
        parser.add_argument(
            "meeting", nargs="?", metavar="MEETING", help="folder name or a unique start of it"
        )
    elif name == "export":
        parser.add_argument("meeting", metavar="MEETING")
        parser.add_argument("--format", choices=("md", "toml"), default="md")
        parser.add_argument(
            "--share", action="store_true", help="pseudonymise the household's names for sharing"
        )
        parser.add_argument(
            "--decisions-only",
            action="store_true",
            help="only decisions and actions, no attributed opinions (md)",
        )
        parser.add_argument(
            "-o",
            "--output",
            metavar="FILE",
            help="write here ('-' for stdout) instead of beside the journal",
        )
    elif name == "actions":
        parser.add_argument("--series", metavar="S", help="only this series")
        parser.add_argument("--open", action="store_true", help="only actions still to be done")
    elif name == "demo":
        parser.add_argument(
            "agenda", nargs="?", metavar="AGENDA", help="default: the shipped casusoverleg"
        )


def _named_command(argv: Sequence[str]) -> str | None:
    """The command `argv` names, if it names one and asks for no help at the top level."""
    takes_value = {"--data-dir", "--lang"}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif arg.startswith("-"):
            if arg in ("-h", "--help", "--version"):
                return None
        else:
            return arg if arg in COMMAND_HELP else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given `argv` naming a command, with only that command's arguments.

    Building every command's parser costs a few milliseconds (argparse looks up each help text's
    translation); `overleg check` takes tens, so only the command at hand is built in full.
    """
    parser = _Parser(
        prog="overleg",
        description="Run a meeting so that everyone is heard before anything is decided.",
        epilog="Without a command, overleg opens its start screen.",
    )
    parser.add_argument("--version", action="version", version=f"overleg {__version__}")
    _common_options(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    # The common options work before or after the command: `overleg run --lang en AGENDA`.
    common = _Parser(add_help=False)
    _common_options(common, argparse.SUPPRESS)
    named = _named_command(argv) if argv is not None else None
    for name, help in COMMAND_HELP.items():
        if named is None or name == named:
            _command_arguments(name, commands.add_parser(name, parents=[common], help=help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from overleg import locations

    locations.set_data_dir(args.data_dir)
    handler: Callable[[argparse.Namespace], int] = COMMANDS.get(args.command or "", cmd_start)
    try:
        return handler(args)
    except CliError as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        print(f"overleg: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: plain words, never a traceback unless asked
        from overleg.agenda import AgendaError
        from overleg.journal import JournalBusy, JournalError

        if args.debug:
            import traceback

            traceback.print_exc()
        if isinstance(exc, AgendaError):
            print(str(exc), file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(exc, JournalBusy):
            print(
                "overleg: this meeting is already open in another overleg window; "
                "continue it there, or close that one first",
                file=sys.stderr,
            )
            return EXIT_FAILED
        if isinstance(exc, JournalError):
            print(f"overleg: the journal is damaged and was left untouched: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        if isinstance(exc, OSError):
            where = f": {exc.filename}" if exc.filename else ""
            print(f"overleg: {exc.strerror or exc}{where}", file=sys.stderr)
            return EXIT_FAILED
        print(
            f"overleg: unexpected failure ({type(exc).__name__}); run with --debug for details",
            file=sys.stderr,
        )
        return EXIT_FAILED


# ------------------------------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace) -> int:
    from overleg.agenda import check_files

    problems = check_files(args.files)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        files = len({p.path for p in problems})
        print(
            f"{len(problems)} problem(s) in {files} of {len(args.files)} file(s)", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    print(f"{len(args.files)} agenda(s) OK")
    return EXIT_OK


def _service(args: argparse.Namespace) -> Service:
    from overleg import locations
    from overleg.chair.service import Service

    return Service(locations.data_dir())


def cmd_list(args: argparse.Namespace) -> int:
    meetings = _service(args).meetings()
    if not meetings:
        print("No meetings yet.", file=sys.stderr)
        return EXIT_OK
    rows = [(m.date, m.status, m.title, str(m.folder)) for m in meetings]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
    return EXIT_OK


def _language(args: argparse.Namespace) -> str | None:
    """The language asked for with --lang or OVERLEG_LANG, if any; else the agenda's own."""
    from overleg.i18n import requested_language

    return requested_language(getattr(args, "lang", None))


def _warn(warnings: list[str], folder: Path) -> None:
    for warning in warnings:
        print(f"overleg: {folder.name}: {warning}", file=sys.stderr)


def _find(service: Service, ref: str) -> Path:
    from overleg.chair.service import NotFound

    try:
        return service.find(ref)
    except NotFound as exc:
        if not exc.names:
            message = f"no meeting matches {ref!r}; `overleg list` shows them"
        else:
            message = f"{ref!r} matches several meetings: {', '.join(exc.names)}; say which"
        raise CliError(message, EXIT_BAD_INPUT) from None


def cmd_export(args: argparse.Namespace) -> int:
    service = _service(args)
    folder = _find(service, args.meeting)
    try:
        export = service.export(
            folder,
            args.format,
            share=args.share,
            decisions_only=args.decisions_only,
            language=_language(args),
            output=args.output,
        )
    except IsADirectoryError:
        raise CliError(
            f"{args.output} is not a regular file; give a file name, or - for standard output",
            EXIT_BAD_INPUT,
        ) from None
    _warn(export.warnings, folder)
    if export.target is None:
        sys.stdout.write(export.text)
    else:
        print(export.target)
    return EXIT_OK


def cmd_actions(args: argparse.Namespace) -> int:
    rows = _service(args).actions(args.series, open_only=args.open)
    for row in rows:
        a = row.action
        due = a.due.isoformat() if a.due else "-"
        print(f"{a.number:>6}  {a.status:<8} {due:<10}  {a.owner}: {a.what}  [{row.meeting}]")
    if not rows:
        print("No actions.", file=sys.stderr)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from overleg import locations, store
    from overleg.agenda import load_agenda
    from overleg.chair import demo

    path = Path(args.agenda) if args.agenda else demo.default_agenda()
    agenda = load_agenda(path, _language(args))
    root = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="overleg-demo-"))
    folder = demo.hold_demo(agenda, locations.private_dir(root))
    print(f"Demo meeting held: {agenda.title}")
    print(f"  minutes (Markdown): {folder / store.MINUTES_MD}")
    print(f"  minutes (TOML):     {folder / store.MINUTES_TOML}")
    print(f"  journal:            {folder / store.JOURNAL}")
    return EXIT_OK


# ------------------------------------------------------------------------------- screen commands


def _launch(args: argparse.Namespace, chair: Chair | None = None) -> int:
    """Open the chair console; only here is Textual imported."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        if chair is not None:
            chair.close()
        raise CliError("the chair console needs a terminal; `overleg demo` runs without one")
    from overleg import locations, store
    from overleg.tui.app import OverlegApp

    app = OverlegApp(data_root=locations.data_dir(), language=args.lang, chair=chair)
    with _screen_on_terminal():
        app.run()
    chair = app.chair
    if chair is not None and chair.folder is not None:
        folder = chair.folder
        if chair.status == "ended":
            print(f"Minutes: {folder / store.MINUTES_MD}")
        elif chair.status != "new":
            print(f"Meeting saved; continue with: overleg resume {folder.name}")
    return app.return_code or EXIT_OK


@contextmanager
def _screen_on_terminal() -> Iterator[None]:
    """Textual draws on stderr; when stderr is redirected (`2>log`), draw on the terminal instead."""
    if os.isatty(2) or not os.isatty(1):
        yield
        return
    saved = os.dup(2)
    os.dup2(1, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def cmd_start(args: argparse.Namespace) -> int:
    return _launch(args)


def cmd_run(args: argparse.Namespace) -> int:
    service = _service(args)
    agenda = service.load_agenda(args.agenda, _language(args))
    if not args.new:
        running = service.unfinished(args.agenda)
        if running:
            print(
                f"Continuing the unfinished meeting {running[0].name} (start afresh with --new)",
                file=sys.stderr,
            )
            chair = service.open(running[0].folder, language=_language(args))
            _warn(chair.warnings(), running[0].folder)
            return _launch(args, chair)
    return _launch(args, service.prepare(agenda))


def cmd_resume(args: argparse.Namespace) -> int:
    service = _service(args)
    if args.meeting:
        folder = _find(service, args.meeting)
    else:
        running = service.unfinished()
        if not running:
            raise CliError("there is no unfinished meeting to resume", EXIT_BAD_INPUT)
        folder = running[0].folder
    chair = service.open(folder, language=_language(args))
    if chair.status == "ended":
        chair.close()
        raise CliError(
            f"the meeting {folder.name} has ended; `overleg export {folder.name}` writes its minutes"
        )
    _warn(chair.warnings(), folder)
    return _launch(args, chair)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "run": cmd_run,
    "resume": cmd_resume,
    "list": cmd_list,
    "export": cmd_export,
    "actions": cmd_actions,
    "demo": cmd_demo,
}

if __name__ == "__main__":
    raise SystemExit(main())
