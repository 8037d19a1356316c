"""The `overleg` command line.

Commands that draw no screen (check, list, export, actions, demo, --help) never import Textual:
it costs a third of a second, while they take milliseconds. Exit status: 0 success, 1 a failed
operation, 2 bad input. Messages go to stderr in plain words; --debug adds the traceback.

Everything the command line says, --help included, is in the language asked for with --lang, else
OVERLEG_LANG, else -- where a command has an agenda or a meeting at hand -- that one's language,
else Dutch (`overleg.i18n.DEFAULT_LANGUAGE`); the texts are in the catalog's `cli.toml`. After the
console closes, its last words follow the language it was showing. Left in English: the problems
`overleg check` reports (`overleg.agenda`; its warnings are data, said in either language), what
a damaged journal says of itself (`overleg.journal`), and argparse's own complaints about the
arguments.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from overleg import __version__
from overleg.i18n import LANGUAGES, Texts, choose_language

if TYPE_CHECKING:
    from datetime import date

    from overleg.chair.meeting import Chair
    from overleg.chair.service import ActionReport, ActionStep, Service
    from overleg.store import MeetingInfo

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


class _Formatter(argparse.HelpFormatter):
    """argparse's help, its usage line starting with `usage` ("gebruik: ") in the help's language."""

    def __init__(self, prog: str, usage: str) -> None:
        super().__init__(prog)
        self._usage = usage

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[Any],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, self._usage if prefix is None else prefix)


def _formatter(texts: Texts) -> Callable[..., argparse.HelpFormatter]:
    usage = texts("cli.help.usage")

    def formatter(*, prog: str) -> argparse.HelpFormatter:
        return _Formatter(prog, usage)

    return formatter


def _options(group: argparse._ArgumentGroup, default: object, texts: Texts) -> None:
    """-h and the options every command takes; with `default` SUPPRESS, after the command."""
    group.add_argument(
        "-h", "--help", action="help", default=argparse.SUPPRESS, help=texts("cli.help.help")
    )
    group.add_argument(
        "--data-dir",
        metavar=texts("cli.metavar.dir"),
        default=default,
        help=texts("cli.help.data_dir"),
    )
    group.add_argument("--lang", choices=LANGUAGES, default=default, help=texts("cli.help.lang"))
    group.add_argument(
        "--debug",
        action="store_true",
        default=default if default is not None else False,
        help=texts("cli.help.debug"),
    )


#: The commands, in the order `overleg --help` lists them (their help: `cli.command.<name>`).
COMMAND_NAMES = (
    "check",
    "new",
    "run",
    "resume",
    "notes",
    "projector",
    "list",
    "export",
    "send",
    "actions",
    "demo",
)


def _command_arguments(
    name: str, arguments: argparse._ArgumentGroup, options: argparse._ArgumentGroup, texts: Texts
) -> None:
    """The arguments and options of command `name`."""
    meeting, file = texts("cli.metavar.meeting"), texts("cli.metavar.file")
    if name == "check":
        arguments.add_argument("files", nargs="+", metavar=file)
    elif name == "new":
        arguments.add_argument(
            "series",
            nargs="?",
            metavar=texts("cli.metavar.series"),
            help=texts("cli.help.new_series"),
        )
        options.add_argument(
            "--date", metavar="YYYY-MM-DD[THH:MM]", help=texts("cli.help.new_date")
        )
    elif name == "run":
        arguments.add_argument("agenda", metavar=texts("cli.metavar.agenda"))
        options.add_argument("--new", action="store_true", help=texts("cli.help.new"))
    elif name in ("resume", "notes", "projector"):
        arguments.add_argument(
            "meeting", nargs="?", metavar=meeting, help=texts(f"cli.help.{name}_meeting")
        )
    elif name == "export":
        arguments.add_argument(
            "meeting", nargs="?", metavar=meeting, help=texts("cli.help.export_meeting")
        )
        options.add_argument(
            "--format",
            choices=("md", "toml", "html", "txt"),
            default="md",
            help=texts("cli.help.format"),
        )
        options.add_argument("--share", action="store_true", help=texts("cli.help.share"))
        options.add_argument(
            "--decisions-only", action="store_true", help=texts("cli.help.decisions_only")
        )
        options.add_argument("-o", "--output", metavar=file, help=texts("cli.help.output"))
    elif name == "send":
        _send_arguments(arguments, options, texts)
    elif name == "actions":
        options.add_argument(
            "--series", metavar=texts("cli.metavar.series"), help=texts("cli.help.series")
        )
        options.add_argument("--open", action="store_true", help=texts("cli.help.open"))
        options.add_argument(
            "--format",
            choices=("text", "toml"),
            default="text",
            help=texts("cli.help.actions_format"),
        )
    elif name == "demo":
        arguments.add_argument(
            "agenda",
            nargs="?",
            metavar=texts("cli.metavar.agenda"),
            help=texts("cli.help.demo_agenda"),
        )


def _send_arguments(
    arguments: argparse._ArgumentGroup, options: argparse._ArgumentGroup, texts: Texts
) -> None:
    address = texts("cli.metavar.address")
    arguments.add_argument(
        "meeting",
        nargs="?",
        metavar=texts("cli.metavar.meeting"),
        help=texts("cli.help.send_meeting"),
    )
    options.add_argument(
        "--to", action="append", default=[], metavar=address, help=texts("cli.help.to")
    )
    options.add_argument(
        "--to-only", action="append", default=[], metavar=address, help=texts("cli.help.to_only")
    )
    options.add_argument("--from", dest="sender", metavar=address, help=texts("cli.help.sender"))
    options.add_argument("--full", action="store_true", help=texts("cli.help.full"))
    options.add_argument("--attach", default="", metavar="md,toml", help=texts("cli.help.attach"))
    options.add_argument("--smtp", metavar=texts("cli.metavar.server"), help=texts("cli.help.smtp"))
    security = options.add_mutually_exclusive_group()
    security.add_argument("--starttls", action="store_true", help=texts("cli.help.starttls"))
    security.add_argument("--ssl", action="store_true", help=texts("cli.help.ssl"))
    options.add_argument("--user", metavar=texts("cli.metavar.user"), help=texts("cli.help.user"))


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
            return arg if arg in COMMAND_NAMES else None
    return None


def _asked_language(argv: Sequence[str]) -> str:
    """The language of the help, before the arguments are parsed: the last --lang that names
    one, else OVERLEG_LANG, else Dutch -- the language every message then speaks too."""
    flag = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        else:
            continue
        if value in LANGUAGES:
            flag = value
    return choose_language(flag)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given `argv` naming a command, with only that command's arguments.

    Building every command's parser costs a few milliseconds (argparse looks up each help text's
    translation); `overleg check` takes tens, so only the command at hand is built in full. The
    help speaks the language `argv` asks for (`_asked_language`).
    """
    texts = Texts(_asked_language(argv or ()))
    formatter = _formatter(texts)
    parser = _Parser(
        prog="overleg",
        description=texts("cli.help.description"),
        epilog=texts("cli.help.epilog"),
        formatter_class=formatter,
        add_help=False,
    )
    commands = parser.add_subparsers(
        title=texts("cli.help.commands"),
        dest="command",
        metavar=texts("cli.metavar.command"),
        parser_class=_Parser,
    )
    options = parser.add_argument_group(texts("cli.help.options"))
    _options(options, None, texts)
    options.add_argument(
        "--version",
        action="version",
        version=f"overleg {__version__}",
        help=texts("cli.help.version"),
    )
    named = _named_command(argv) if argv is not None else None
    for name in COMMAND_NAMES:
        if named is None or name == named:
            command = commands.add_parser(
                name,
                help=texts(f"cli.command.{name}"),
                formatter_class=formatter,
                add_help=False,
            )
            arguments = command.add_argument_group(texts("cli.help.arguments"))
            command_options = command.add_argument_group(texts("cli.help.options"))
            # The common options work before or after the command: `overleg run --lang en AGENDA`.
            _options(command_options, argparse.SUPPRESS, texts)
            _command_arguments(name, arguments, command_options, texts)
    return parser


def _texts(args: argparse.Namespace, own: str | None = None) -> Texts:
    """The texts to speak in: --lang, else OVERLEG_LANG, else `own` (an agenda's or meeting's
    language, where a command has one at hand), else Dutch."""
    return Texts(choose_language(getattr(args, "lang", None), own))


def _count(texts: Texts, key: str, count: int, **params: object) -> str:
    """The text `key_one` or `key_other` with `count`, as `count` is one or more."""
    return texts(f"{key}_{'one' if count == 1 else 'other'}", count=count, **params)


def _os_problem(texts: Texts, exc: OSError) -> str:
    """What went wrong on disk, in words of the catalog where it has them for the error code."""
    import errno

    code = errno.errorcode.get(exc.errno, "") if isinstance(exc.errno, int) else ""
    key = f"cli.oserror.{code}"
    words = texts(key) if code and texts.has(key) else str(exc.strerror or exc)
    return f"{words}: {exc.filename}" if exc.filename else words


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from overleg import locations

    locations.set_data_dir(args.data_dir)
    handler: Callable[[argparse.Namespace], int] = COMMANDS.get(args.command or "", cmd_start)
    texts = _texts(args)
    try:
        return handler(args)
    except CliError as exc:
        if args.debug:
            import traceback

            traceback.print_exc()
        _say(f"overleg: {exc}")
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
            _say(str(exc))
            return EXIT_BAD_INPUT
        if isinstance(exc, JournalBusy):
            print(f"overleg: {texts('cli.error.busy')}", file=sys.stderr)
            return EXIT_FAILED
        if isinstance(exc, JournalError):
            _say(f"overleg: {texts('cli.error.damaged', problem=exc)}")
            return EXIT_BAD_INPUT
        if isinstance(exc, OSError):
            _say(f"overleg: {_os_problem(texts, exc)}")
            return EXIT_FAILED
        kind = type(exc).__name__
        print(f"overleg: {texts('cli.error.unexpected', kind=kind)}", file=sys.stderr)
        return EXIT_FAILED


def _say(message: str) -> None:
    """An error on stderr, line by line, no control character of a path or a file raw."""
    print("\n".join(_shown(line) for line in message.split("\n")), file=sys.stderr)


# ------------------------------------------------------------------------------------- commands


def cmd_check(args: argparse.Namespace) -> int:
    from overleg.agenda import AgendaWarning, check_files

    warnings: list[AgendaWarning] = []
    problems = check_files(args.files, warnings)
    for problem in problems:
        print(problem, file=sys.stderr)
    texts = _texts(args)
    for warning in warnings:
        # A warning is data (a code and its values), so it is said in the language asked for.
        said = texts(f"cli.check.warning.{warning.code}", **warning.params)
        print(f"{warning.where()}: {texts('cli.check.warning_label')}: {said}", file=sys.stderr)
    if problems:
        files = len({p.path for p in problems})
        total = len(args.files)
        summary = _count(texts, "cli.check.problems", len(problems), files=files, total=total)
        print(summary, file=sys.stderr)
        return EXIT_BAD_INPUT
    print(_count(texts, "cli.check.ok", len(args.files)))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """The next meeting's agenda of a series, in the user's agendas (`Service.new_agenda`)."""
    from overleg.chair.service import NoSeries
    from overleg.series import parse_date

    texts = _texts(args)
    when = None
    if args.date is not None:
        try:
            when = parse_date(args.date)
        except ValueError:
            raise CliError(texts("cli.new.bad_date", value=args.date), EXIT_BAD_INPUT) from None
    service = _service(args)
    try:
        new = service.new_agenda(args.series, when)
    except NoSeries as exc:
        choices = ", ".join(exc.choices) or "-"
        if exc.name:
            message = texts("cli.new.no_series", name=exc.name, choices=choices)
        else:
            message = texts("cli.new.choose", choices=choices)
        raise CliError(message, EXIT_BAD_INPUT) from None
    except FileExistsError as exc:
        raise CliError(texts("cli.new.exists", path=exc.filename), EXIT_FAILED) from None
    key = "cli.new.series_created" if new.series_created else "cli.new.series_used"
    print(texts(key, series=new.series, path=new.series_path), file=sys.stderr)
    shown = new.when.strftime("%Y-%m-%d %H:%M")
    last = new.after.strftime("%Y-%m-%d %H:%M") if new.after is not None else ""
    print(texts(f"cli.new.date_{new.chosen}", date=shown, last=last), file=sys.stderr)
    if new.when < service.clock().astimezone().replace(tzinfo=None):
        print(f"overleg: {texts('cli.new.in_the_past', date=shown)}", file=sys.stderr)
    if new.previous is None:
        print(texts("cli.new.first", series=new.series), file=sys.stderr)
    else:
        said = texts(
            "cli.new.previous",
            title=_shown(new.previous.title),
            date=new.previous.date,
            deferred=len(new.deferred),
            unhandled=len(new.unhandled),
            actions=new.open_actions,
        )
        print(said, file=sys.stderr)
    print(new.path)
    return EXIT_OK


def _service(args: argparse.Namespace) -> Service:
    from overleg import locations
    from overleg.chair.service import Service

    return Service(locations.data_dir())


#: What never reaches a terminal raw: C0 and C1 controls, DEL, the bidi controls and the line
#: separators. A title holding ESC could set the terminal's title or colours, a bidi override turn
#: the line around; `_shown` writes each as an escape that shows what is there.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\t\n\r":
        return " "
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _shown(text: str) -> str:
    """`text` (from a file: a title, a name, an action) safe to print on one line of a terminal:
    a tab or line break as a space, any other control character as an escape (``\\x1b``)."""
    return _UNSAFE.sub(_escaped, text)


def _width(text: str) -> int:
    """The columns `text` takes on a terminal: wide (East Asian) characters two, combining
    marks and format characters none."""
    if text.isascii():
        return len(text)
    import unicodedata

    columns = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        columns += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return columns


def _pad(text: str, width: int) -> str:
    """`text` padded with spaces to take `width` columns."""
    return text + " " * (width - _width(text))


def _damage(texts: Texts, meeting: MeetingInfo) -> str:
    """What is wrong with a damaged meeting: "beschadigd: regel 7: <the journal's words>"."""
    reason = _shown(meeting.reason or meeting.problem or "")
    if meeting.line is not None:
        reason = texts("cli.damage.line", line=meeting.line, reason=reason)
    return f"{texts('cli.status.damaged')}: {reason}"


def cmd_list(args: argparse.Namespace) -> int:
    # Every journal read as opening it would, so a damaged one shows here with its line; one
    # unchanged since the last listing is not read again (`Service.checked`).
    meetings = _service(args).meetings(check=True)
    texts = _texts(args)
    if not meetings:
        print(texts("cli.list.none"), file=sys.stderr)
        return EXIT_OK
    rows = [
        (m.date, _list_status(texts, m), _shown(m.title), _shown(str(m.folder))) for m in meetings
    ]
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    for meeting, row in zip(meetings, rows, strict=True):
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3])
        if meeting.status == "damaged":
            print(" " * (widths[0] + 2) + _damage(texts, meeting))
    return EXIT_OK


def _list_status(texts: Texts, meeting: MeetingInfo) -> str:
    """ "afgesloten (concept)", "(verstuurd)", "(vastgesteld)" for an ended meeting; else its
    status alone."""
    status = texts(f"cli.status.{meeting.status}")
    if not meeting.minutes:
        return status
    return texts(
        "cli.list.with_minutes",
        status=status,
        minutes=texts(f"cli.minutes_status.{meeting.minutes}"),
    )


def _language(args: argparse.Namespace) -> str | None:
    """The language asked for with --lang or OVERLEG_LANG, if any; else the agenda's own."""
    from overleg.i18n import requested_language

    return requested_language(getattr(args, "lang", None))


def _warn(warnings: list[str], folder: Path) -> None:
    for warning in warnings:
        print(f"overleg: {_shown(folder.name)}: {_shown(warning)}", file=sys.stderr)


#: Candidates an ambiguous meeting name lists; of more, only how many.
CANDIDATES_SHOWN = 10


def _find(args: argparse.Namespace, service: Service, ref: str | None) -> Path:
    """The meeting `ref` names (`Service.find`; None: the latest); else which ones it may mean."""
    from overleg.chair.service import NotFound

    try:
        return service.find(ref)
    except NotFound as exc:
        texts = _texts(args)
        if ref is None:
            message = texts("cli.error.no_meetings")
        elif not exc.candidates:
            message = texts("cli.error.no_match", ref=repr(ref))
        else:
            # Those shown are read in full, so a damaged one says so (and never hides the others).
            shown = service.checked(exc.candidates[:CANDIDATES_SHOWN])
            rows = [(_shown(m.name), _shown(m.title), m.date) for m in shown]
            widths = [max(_width(row[i]) for row in rows) for i in range(2)]
            lines = [texts("cli.error.ambiguous", ref=repr(ref))]
            for meeting, (name, title, day) in zip(shown, rows, strict=True):
                line = f"  {_pad(name, widths[0])}  {_pad(title, widths[1])}  {day}"
                if meeting.status == "damaged":
                    line += f"  {_damage(texts, meeting)}"
                lines.append(line.rstrip())
            if len(exc.candidates) > len(rows):
                lines.append("  " + texts("cli.error.more", count=len(exc.candidates) - len(rows)))
            message = "\n".join(lines)
        raise CliError(message, EXIT_BAD_INPUT) from None


def cmd_export(args: argparse.Namespace) -> int:
    service = _service(args)
    folder = _find(args, service, args.meeting)
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
        message = _texts(args)("cli.error.not_regular", path=args.output)
        raise CliError(message, EXIT_BAD_INPUT) from None
    _warn(export.warnings, folder)
    if export.target is None:
        sys.stdout.write(export.text)
    else:
        print(export.target)
    return EXIT_OK


def cmd_send(args: argparse.Namespace) -> int:
    """The minutes by e-mail: an .eml draft beside them, or sent with --smtp (`overleg.chair.send`)."""
    from overleg.chair import send

    service = _service(args)
    folder = _find(args, service, args.meeting)
    attach = [part.strip() for part in args.attach.split(",") if part.strip()]
    security = "ssl" if args.ssl else "starttls" if args.starttls else "plain"
    texts = _texts(args)
    if not args.smtp and (args.ssl or args.starttls or args.user):
        given = "--ssl" if args.ssl else "--starttls" if args.starttls else "--user"
        raise CliError(texts("cli.send.needs_smtp", option=given), EXIT_BAD_INPUT)
    try:
        address = send.server(args.smtp, security) if args.smtp else None
        plan = send.plan(
            service,
            folder,
            args.sender,
            to=args.to,
            to_only=args.to_only,
            full=args.full,
            attach=attach,
            language=_language(args),
            draft=address is None,
        )
    except send.SendError as exc:
        raise CliError(texts(f"cli.send.{exc.key}", **exc.params), _send_status(exc)) from None
    texts = Texts(plan.language)
    _warn(plan.warnings, folder)
    for mail in plan.mails:
        version = texts(f"cli.send.version_{mail.version}")
        to = ", ".join(_shown(r.shown()) for r in mail.recipients)
        print(texts("cli.send.goes_to", version=version, to=to), file=sys.stderr)
    if plan.case and not args.full:
        print(texts("cli.send.shared_only"), file=sys.stderr)
    if plan.unreached:
        names = ", ".join(_shown(name) for name in plan.unreached)
        print(f"overleg: {texts('cli.send.unreached', names=names)}", file=sys.stderr)
    if address is None:
        for path in send.write_drafts(plan):
            print(path)
        return EXIT_OK
    password = None
    if args.user:
        password = os.environ.get("OVERLEG_SMTP_PASSWORD")
        if password is None:
            if not sys.stdin.isatty():  # nobody to ask: say how to give it
                raise CliError(texts("cli.send.no_password", user=args.user), EXIT_BAD_INPUT)
            import getpass

            try:
                password = getpass.getpass(texts("cli.send.password", user=args.user))
            except EOFError:
                raise CliError(
                    texts("cli.send.no_password", user=args.user), EXIT_BAD_INPUT
                ) from None
    try:
        send.deliver(plan, *address, security=security, user=args.user, password=password)
    except send.SendError as exc:
        if exc.sent:
            send.record_sent(service, folder, plan.sender, exc.sent)
        raise CliError(texts(f"cli.send.{exc.key}", **exc.params), _send_status(exc)) from None
    finally:
        password = None
    if not send.record_sent(service, folder, plan.sender, plan.mails):
        raise CliError(texts("cli.send.not_recorded", name=folder.name))
    count = sum(len(mail.recipients) for mail in plan.mails)
    print(_count(texts, "cli.send.sent", count, server=args.smtp))
    return EXIT_OK


def _send_status(exc: Exception) -> int:
    return EXIT_BAD_INPUT if getattr(exc, "bad_input", False) else EXIT_FAILED


def cmd_actions(args: argparse.Namespace) -> int:
    """Every action once, in the order agreed: its number with the day it was agreed, status,
    due date, owner and what; under it, what became of it at each later meeting::

        3.1 van 3 december  loopt door  2026-12-24  Anouk de Vries: Keukentafelgesprek plannen
                            17 december: loopt door, nieuwe datum 2026-12-24
    """
    from overleg.engine import ACTION_STATUSES
    from overleg.minutes.markdown import action_number

    service = _service(args)
    report = service.action_report(args.series, open_only=args.open)
    texts = _texts(args)
    for meeting in report.damaged:
        problem = _damage(texts, meeting)
        message = texts("cli.actions.damaged", name=_shown(meeting.name), problem=problem)
        print(f"overleg: {message}", file=sys.stderr)
    rows = report.rows
    if args.format == "toml":
        sys.stdout.write(_actions_toml(report))
        return EXIT_OK
    if not rows:
        print(texts("cli.actions.none"), file=sys.stderr)
        return EXIT_OK
    year = service.clock().year  # a day of another year is shown with its year
    # The console's words for a status (ui.toml), the column as wide as the longest of them.
    words = {status: texts(f"ui.action_status.{status}") for status in ACTION_STATUSES}
    width = max(map(len, words.values()))
    numbers = [_shown(action_number(texts, r.action.number, r.agreed_day, year)) for r in rows]
    first = max(map(_width, numbers))
    for number, row in zip(numbers, rows, strict=True):
        a = row.action
        due = a.due.isoformat() if a.due else "-"
        status = _pad(words.get(a.status, _shown(a.status)), width)
        print(f"{_pad(number, first)}  {status}  {due:<10}  {_shown(a.owner)}: {_shown(a.what)}")
        if row.history:
            steps = "; ".join(_step(texts, step, words, year) for step in row.history)
            print(" " * (first + 2) + steps)
    return EXIT_OK


def _step(texts: Texts, step: ActionStep, words: dict[str, str], year: int) -> str:
    """What became of an action at one later meeting: "17 december: loopt door, nieuwe datum
    2026-12-24 (opmerking)"."""
    from overleg.minutes.markdown import short_day

    day = short_day(texts, step.day, year) if step.day else texts("cli.actions.unknown_day")
    said = texts("cli.actions.step", day=day, status=words.get(step.status, _shown(step.status)))
    if step.new_due:
        if step.due is not None:
            said += ", " + texts("cli.actions.new_due", due=step.due.isoformat())
        else:
            said += ", " + texts("cli.actions.no_due")
    if step.note:
        said += f" ({_shown(step.note)})"
    return said


def _actions_toml(report: ActionReport) -> str:
    """`overleg actions --format toml`: every action with its history, and the meetings whose
    actions could not be read, as TOML (folder names and ISO dates: for programs, not people)."""
    import tomli_w

    def day(value: date | None) -> dict[str, date]:
        return {} if value is None else {"date": value}

    actions = []
    for row in report.rows:
        a = row.action
        entry: dict[str, Any] = {"id": a.id, "number": a.number, "status": a.status}
        entry |= {"owner": a.owner, "what": a.what, "series": row.series}
        if a.due is not None:
            entry["due"] = a.due
        entry["agreed"] = {"meeting": row.agreed, **day(row.agreed_day)}
        entry["meeting"] = row.meeting
        if a.note:
            entry["note"] = a.note
        entry["history"] = [
            {
                "meeting": s.meeting,
                **day(s.day),
                "status": s.status,
                **({"due": s.due} if s.due is not None else {}),
                "new_due": s.new_due,
                **({"note": s.note} if s.note else {}),
            }
            for s in row.history
        ]
        actions.append(entry)
    damaged = [
        {
            "meeting": m.name,
            **({"line": m.line} if m.line is not None else {}),
            "reason": m.reason or "",
        }
        for m in report.damaged
    ]
    return tomli_w.dumps({"actions": actions, "damaged": damaged})


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from overleg import locations, store
    from overleg.agenda import load_agenda
    from overleg.chair import demo

    path = Path(args.agenda) if args.agenda else demo.default_agenda()
    agenda = load_agenda(path, _language(args))
    root = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="overleg-demo-"))
    folder = demo.hold_demo(agenda, locations.private_dir(root))
    texts = Texts(agenda.language)  # the agenda's, or the one asked for (`_language`)
    print(texts("cli.demo.held", title=agenda.title))
    files = [
        (texts("cli.demo.markdown"), store.MINUTES_MD),
        (texts("cli.demo.toml"), store.MINUTES_TOML),
        (texts("cli.demo.journal"), store.JOURNAL),
    ]
    width = max(len(label) for label, _ in files) + 1
    for label, name in files:
        print(f"  {label + ':':<{width}} {folder / name}")
    return EXIT_OK


# ------------------------------------------------------------------------------- screen commands


def _launch(args: argparse.Namespace, chair: Chair | None = None) -> int:
    """Open the chair console; only here is Textual imported."""
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        if chair is not None:
            chair.close()
        texts = _texts(args, chair.agenda.language if chair is not None else None)
        raise CliError(texts("cli.error.needs_terminal"))
    from overleg import locations, store
    from overleg.tui.app import OverlegApp

    app = OverlegApp(data_root=locations.data_dir(), language=args.lang, chair=chair)
    with _screen_on_terminal():
        app.run()
    chair = app.chair
    if chair is not None and chair.folder is not None:
        folder = chair.folder
        texts = Texts(app.lang)  # the language the console was showing when it closed
        if chair.status == "ended" and chair.minutes().files() is not None:
            print(texts("cli.console.minutes", path=folder / store.MINUTES_MD))
        elif chair.status == "ended":
            print(texts("cli.console.no_minutes", name=folder.name))
        elif chair.status != "new":
            print(texts("cli.console.saved", name=folder.name))
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
            texts = Texts(agenda.language)  # the agenda's, or the one asked for
            print(texts("cli.run.continuing", name=running[0].name), file=sys.stderr)
            chair = service.open(running[0].folder, language=_language(args))
            _warn(chair.warnings(), running[0].folder)
            return _launch(args, chair)
    return _launch(args, service.prepare(agenda))


def cmd_resume(args: argparse.Namespace) -> int:
    return _open_terminal(args, "chair")


def cmd_notes(args: argparse.Namespace) -> int:
    """The note-taker's terminal on a running meeting (the chair's console may have it open)."""
    return _open_terminal(args, "notes")


def cmd_projector(args: argparse.Namespace) -> int:
    """The projector's view of a running meeting: read only, for the room."""
    return _open_terminal(args, "projector")


def _open_terminal(args: argparse.Namespace, role: str) -> int:
    """Open a meeting as `role`'s terminal: the one named, else the running one (asks which
    when several run). A meeting open elsewhere is joined, and this says so and in which role."""
    service = _service(args)
    if args.meeting:
        folder = _find(args, service, args.meeting)
    else:
        running = service.unfinished()
        if not running:
            raise CliError(_texts(args)("cli.error.nothing_to_resume"), EXIT_BAD_INPUT)
        if role != "chair" and len(running) > 1:
            names = "\n".join(f"  {m.name}  {_shown(m.title)}" for m in running)
            raise CliError(_texts(args)("cli.error.which_running", names=names), EXIT_BAD_INPUT)
        folder = running[0].folder
    elsewhere = service.terminals(folder)
    chair = service.open(folder, language=_language(args), role=role)
    texts = Texts(_language(args) or chair.agenda.language)
    if chair.status == "ended" and role != "chair":
        chair.close()
        raise CliError(texts("cli.error.ended", name=folder.name))
    if chair.status == "ended":
        chair.close()
        raise CliError(texts("cli.error.ended", name=folder.name))
    if elsewhere:
        roles = ", ".join(
            texts("cli.terminal.one", role=texts(f"ui.terminal.role_{t.role}"), pid=t.pid)
            for t in elsewhere
        )
        print(texts("cli.terminal.joining", terminals=roles), file=sys.stderr)
    _warn(chair.warnings(), folder)
    return _launch(args, chair)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "check": cmd_check,
    "new": cmd_new,
    "run": cmd_run,
    "resume": cmd_resume,
    "notes": cmd_notes,
    "projector": cmd_projector,
    "list": cmd_list,
    "export": cmd_export,
    "send": cmd_send,
    "actions": cmd_actions,
    "demo": cmd_demo,
}

if __name__ == "__main__":
    raise SystemExit(main())
