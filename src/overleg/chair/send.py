"""After the meeting: the minutes by e-mail to every reader (`overleg send`).

One standard message (`email.message.EmailMessage`) per version of the minutes: the plain text
as its body, the HTML as the alternative part, the HTML attached (Markdown and TOML on request).
Written as an ``.eml`` draft beside the minutes that any mail client opens, or sent over SMTP;
what was sent -- by whom, to whom, which version, never the message -- goes into the journal
(`minutes_sent`).

For a case conference (items with clients) everyone gets the pseudonymised version by default;
with `full`, those who were at the table (present) get the full minutes and the rest still the
pseudonymised ones. Who was at the table is known by name: a recipient given as
``"Name <address>"`` whose name is on the attendance list as present.

Failures come back as `SendError`: a catalog key (``cli.send.<key>``) with its parameters and
whether the input was at fault, so the command line says them in one line in either language.
The password is used for the login only: never kept, written or put in a message.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import formataddr, formatdate, getaddresses, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from overleg import store
from overleg.agenda import PRESENT
from overleg.i18n import Texts

if TYPE_CHECKING:
    from overleg.chair.service import Service
    from overleg.engine import MeetingState

FULL, SHARED = "full", "shared"
#: What may be attached besides the HTML, always attached.
ATTACHABLE = ("md", "toml")
#: Seconds to wait for the mail server.
TIMEOUT = 30.0
SECURITY = ("plain", "starttls", "ssl")


class SendError(Exception):
    """A failure to say in one line: the text ``cli.send.<key>`` with `params`.

    `bad_input`: the fault is in what was asked (exit status 2), else in the sending (1).
    `sent`: the messages that had gone out before it failed (they are recorded all the same).
    """

    def __init__(
        self, key: str, bad_input: bool = False, sent: Sequence[Mail] = (), **params: object
    ) -> None:
        super().__init__(key)
        self.key = key
        self.bad_input = bad_input
        self.sent = tuple(sent)
        self.params = params


@dataclass(frozen=True)
class Recipient:
    address: str
    name: str = ""
    #: On the attendance list as present under `name`: was at the table.
    present: bool = False

    def header(self) -> str:
        return formataddr((self.name, self.address)) if self.name else self.address

    def shown(self) -> str:
        """As a person reads it: ``Name <address>``."""
        return f"{self.name} <{self.address}>" if self.name else self.address


@dataclass
class Mail:
    """One message: a version of the minutes and who gets it."""

    version: str
    recipients: tuple[Recipient, ...]
    message: EmailMessage
    #: Its draft's file name beside the minutes.
    draft_name: str = ""

    @property
    def addresses(self) -> tuple[str, ...]:
        return tuple(r.address for r in self.recipients)


@dataclass
class Plan:
    """What `overleg send` will send: the messages, the meeting's folder and language."""

    folder: Path
    sender: str
    language: str
    case: bool
    mails: list[Mail] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Participants on the roster the minutes cannot reach: no (valid) e-mail address, and no
    #: address given for them with --to.
    unreached: tuple[str, ...] = ()


# ----------------------------------------------------------------------------------- addresses


def valid_address(address: str) -> bool:
    """An address a server can take: local@domain, one @, no space or control, a dot-free
    local part allowed, a domain of at least one label."""
    if not address or len(address) > 254 or address.count("@") != 1:
        return False
    if any(
        ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F or ch in '<>,;"()[]\\' for ch in address
    ):
        return False
    local, _, domain = address.partition("@")
    return bool(local) and bool(domain) and not domain.startswith(".") and ".." not in domain


def parse_addresses(values: Iterable[str], option: str = "--to") -> list[tuple[str, str]]:
    """(name, address) of each address in `values` (each may hold several, comma-separated,
    ``Name <address>`` or bare); raises SendError (bad input, naming `option`) on one that is
    no address."""
    found: list[tuple[str, str]] = []
    for value in values:
        if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
            raise SendError("bad_address", bad_input=True, option=option, address=_cut(value))
        pairs = getaddresses([value])
        if not pairs or any(not valid_address(address) for _, address in pairs):
            raise SendError("bad_address", bad_input=True, option=option, address=_cut(value))
        found.extend((name.strip(), address) for name, address in pairs)
    return found


def _cut(value: str) -> str:
    """`value` as a message may show it: no control characters, at most 80 characters."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in value)
    return shown if len(shown) <= 80 else shown[:79] + "…"


def unreached(state: MeetingState, readers: Sequence[Recipient]) -> tuple[str, ...]:
    """The participants on the roster none of `readers` is: they have no (valid) address."""
    reached = {r.name.casefold() for r in readers if r.name}
    return tuple(
        p.name
        for p in state.agenda.participants
        if p.name.casefold() not in reached and not valid_address(p.email.strip())
    )


def _participant_addresses(state: MeetingState) -> list[tuple[str, str]]:
    """(name, address) of each participant of the agenda who has an e-mail address (its
    ``email``, as the meeting's journal kept the agenda), present or not."""
    found = []
    for participant in state.agenda.participants:
        address = participant.email.strip()
        if address and valid_address(address):
            found.append((participant.name, address))
    return found


def recipients(
    state: MeetingState, to: Sequence[str] = (), to_only: Sequence[str] = ()
) -> list[Recipient]:
    """Everyone the minutes go to, once each: the participants with an address (present or not)
    and those of `to`; `to_only` instead of the participants. Each knows whether they were at
    the table: their name (case ignored) is on the attendance list as present."""
    listed = [] if to_only else _participant_addresses(state)
    asked = parse_addresses(to) + parse_addresses(to_only, "--to-only")
    present = {p.name.casefold() for p in state.people.values() if p.attendance == PRESENT}
    out: dict[str, Recipient] = {}
    for name, address in [*listed, *asked]:
        key = address.casefold()
        if key not in out:
            out[key] = Recipient(address, name, bool(name) and name.casefold() in present)
    return list(out.values())


# ------------------------------------------------------------------------------------ messages


def _meeting_day(state: MeetingState) -> str:
    moment = state.started_at or state.agenda.date
    return moment.date().isoformat() if moment is not None else ""


def _names(share: bool) -> tuple[str, str, str]:
    """The file names of the HTML, Markdown and TOML minutes of a version."""
    md = store.minutes_name("md", share)
    return md.removesuffix(".md") + ".html", md, store.minutes_name("toml", share)


def compose(
    record: dict[str, Any],
    texts: Texts,
    subject: str,
    sender: str,
    to: Sequence[Recipient],
    share: bool,
    attach: Sequence[str] = (),
    draft: bool = False,
    sender_name: str = "",
) -> EmailMessage:
    """The message of `record` (already pseudonymised when `share`): the plain-text minutes
    with the HTML as alternative, the HTML attached and each of `attach` ("md", "toml")."""
    from overleg import minutes

    html = minutes.render_html(record)
    message = EmailMessage()
    message["Subject"] = subject
    if sender:
        message["From"] = formataddr((sender_name, sender)) if sender_name else sender
    message["To"] = ", ".join(r.header() for r in to)
    message["Date"] = formatdate(localtime=True)
    domain = sender.rpartition("@")[2] if sender else "overleg.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    if draft:
        message["X-Unsent"] = "1"  # mail clients open it as a draft to send
    message.set_content(minutes.render_text(record), cte="quoted-printable")
    message.add_alternative(html, subtype="html", cte="quoted-printable")
    html_name, md_name, toml_name = _names(share)
    files = [(html_name, "html", html)]
    if "md" in attach:
        files.append((md_name, "markdown", minutes.render_markdown(record)))
    if "toml" in attach:
        files.append((toml_name, "plain", minutes.render_toml(record)))
    for name, subtype, text in files:
        message.add_attachment(text.encode("utf-8"), "text", subtype, filename=name)
    return message


def plan(
    service: Service,
    folder: Path,
    sender: str | None,
    to: Sequence[str] = (),
    to_only: Sequence[str] = (),
    full: bool = False,
    attach: Sequence[str] = (),
    language: str | None = None,
    draft: bool = True,
    sender_optional: bool = False,
) -> Plan:
    """The messages that go out of the meeting in `folder`; raises SendError when there is no
    one to send to, no sender, or the meeting has not ended.

    `sender_optional` (a draft only): without a sender and no address of the chair, the message
    has no From and the mail client fills it in."""
    from overleg import minutes
    from overleg.minutes.share import client_labels

    warnings: list[str] = []
    state = service.read(folder, language, warnings)
    if state.status != "ended":
        raise SendError("not_ended", name=folder.name)
    unknown = [a for a in attach if a not in ATTACHABLE]
    if unknown:
        raise SendError("bad_attach", bad_input=True, what=", ".join(unknown))
    sender_name = ""
    if sender is None:
        chair = next((a for n, a in _participant_addresses(state) if n == state.chair), None)
        if chair is None and not sender_optional:
            raise SendError("no_sender", bad_input=True)
        sender, sender_name = chair or "", state.chair if chair else ""
    else:
        pairs = parse_addresses([sender], "--from")
        if len(pairs) != 1:
            raise SendError("bad_address", bad_input=True, option="--from", address=_cut(sender))
        sender_name, sender = pairs[0]
    readers = recipients(state, to, to_only)
    if not readers:
        raise SendError("no_recipients", bad_input=True)
    language = language or state.agenda.language
    texts = Texts(language)
    # Minutes a later meeting adopted are no longer a draft (concept).
    key = "cli.send.subject_adopted" if state.adopted is not None else "cli.send.subject"
    subject = texts(key, title=state.agenda.title, date=_meeting_day(state))
    subject = " ".join(subject.split())
    record = minutes.build_record(state, meeting_id=folder.name)
    case = bool(client_labels(record))
    if not case:
        groups = [(FULL, readers)]
    elif full:
        groups = [
            (FULL, [r for r in readers if r.present]),
            (SHARED, [r for r in readers if not r.present]),
        ]
    else:
        groups = [(SHARED, readers)]
    missed = () if to_only else unreached(state, readers)
    result = Plan(folder, sender, language, case, warnings=warnings, unreached=missed)
    shared_record = minutes.pseudonymise(record) if case else record
    for version, group in groups:
        if not group:
            continue
        share = version == SHARED
        message = compose(
            shared_record if share else record,
            texts,
            subject,
            sender,
            group,
            share,
            attach,
            draft,
            sender_name,
        )
        name = store.minutes_name("md", share).removesuffix(".md") + ".eml"
        result.mails.append(Mail(version, tuple(group), message, name))
    return result


def draft_plan(service: Service, folder: Path, language: str | None = None) -> Plan:
    """The draft the console writes of the ended meeting in `folder`: to every participant with
    an address, from the chair's address if they have one; with clients, everyone gets the
    pseudonymised version. Nothing is recorded as sent for a draft."""
    return plan(service, folder, None, language=language, draft=True, sender_optional=True)


def draft_paths(plan: Plan) -> list[Path]:
    """Where `write_drafts` writes each message of `plan`."""
    return [plan.folder / mail.draft_name for mail in plan.mails]


def message_bytes(message: EmailMessage) -> bytes:
    """The message as a file and as the server gets it: CRLF line ends, headers folded."""
    return message.as_bytes(policy=SMTP_POLICY)


def write_drafts(plan: Plan) -> list[Path]:
    """Each message as an .eml file beside the minutes (0600); their paths."""
    paths = draft_paths(plan)
    for mail, path in zip(plan.mails, paths, strict=True):
        store.write_atomic(path, message_bytes(mail.message))
    return paths


# ---------------------------------------------------------------------------------------- SMTP


def server(text: str, security: str = "plain") -> tuple[str, int]:
    """HOST[:PORT] (``[::1]:25`` for IPv6); without a port 465 for ssl, 587 for starttls, else
    25. Raises SendError (bad input) on a port that is no port."""
    default = {"ssl": 465, "starttls": 587}.get(security, 25)
    host, port_text = text, ""
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":") if rest.startswith(":") or not rest else "?"
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    if not host or (port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536)):
        raise SendError("bad_server", bad_input=True, server=text)
    return host, int(port_text) if port_text else default


def _reply(exc: smtplib.SMTPResponseException) -> str:
    said = exc.smtp_error
    text = said.decode("utf-8", "replace") if isinstance(said, bytes) else str(said)
    return f"{exc.smtp_code} {' '.join(text.split())}".strip()


def deliver(
    plan: Plan,
    host: str,
    port: int,
    security: str = "plain",
    user: str | None = None,
    password: str | None = None,
    timeout: float = TIMEOUT,
) -> None:
    """Send every message of `plan`. First each envelope is tried (MAIL, RCPT, RSET), so a
    refused recipient stops it before anyone receives anything; then each is sent."""
    where = f"{host}:{port}"
    sent: list[Mail] = []
    if user and security == "plain" and not _loopback(host):
        # A password never crosses a network unencrypted; a relay on this machine may take it.
        raise SendError("plain_login", sent=(), server=where)
    try:
        context = ssl.create_default_context()
        connection: smtplib.SMTP
        if security == "ssl":
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
        with connection as smtp:
            smtp.ehlo()
            if security == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            elif security == "plain" and user and smtp.has_extn("starttls"):
                raise SendError("needs_starttls", sent=(), server=where)
            if user:
                smtp.login(user, password or "")
            for mail in plan.mails:
                _envelope(smtp, plan.sender, mail)
                smtp.rset()
            for mail in plan.mails:
                _envelope(smtp, plan.sender, mail)
                code, said = smtp.data(message_bytes(mail.message))
                if code != 250:
                    raise smtplib.SMTPDataError(code, said)
                sent.append(mail)
    except SendError as exc:
        exc.sent = tuple(sent)
        raise
    except smtplib.SMTPAuthenticationError:
        raise SendError("bad_login", sent=sent, server=where) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise SendError("not_supported", sent=sent, server=where, problem=str(exc)) from None
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 530 and security == "plain":  # "Must issue a STARTTLS command first"
            raise SendError("needs_starttls", sent=sent, server=where) from None
        raise SendError(
            "sender_refused", sent=sent, address=plan.sender, reply=_reply(exc)
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise SendError("server_error", sent=sent, server=where, reply=_reply(exc)) from None
    except smtplib.SMTPServerDisconnected:
        raise SendError("disconnected", sent=sent, server=where) from None
    except smtplib.SMTPException as exc:
        raise SendError("server_error", sent=sent, server=where, reply=str(exc)) from None
    except ssl.SSLError as exc:
        # "unable to get local issuer certificate", "IP address mismatch", ... where OpenSSL says.
        problem = getattr(exc, "verify_message", None) or exc.reason or str(exc)
        raise SendError("tls", sent=sent, server=where, problem=problem) from None
    except OSError as exc:
        problem = exc.strerror or str(exc) or type(exc).__name__
        raise SendError("unreachable", sent=sent, server=where, problem=problem) from None


def _loopback(host: str) -> bool:
    """Whether `host` is this machine (a mail relay here, over no network)."""
    import ipaddress

    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _envelope(smtp: smtplib.SMTP, sender: str, mail: Mail) -> None:
    code, said = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, said, sender)
    for address in mail.addresses:
        code, said = smtp.rcpt(address)
        if code not in (250, 251):
            smtp.rset()
            reply = _reply(smtplib.SMTPResponseException(code, said))
            raise SendError("recipient_refused", address=address, reply=reply)


# ------------------------------------------------------------------------------------ journal


def record_sent(service: Service, folder: Path, sender: str, mails: Sequence[Mail]) -> bool:
    """Note in the meeting's journal each message that went out (who, to whom, which version;
    never the message). False when the journal could not be written."""
    chair = service.open(folder, role="chair")
    try:
        ok = True
        for mail in mails:
            outcome = chair.run(
                "record_sent", sender=sender, to=mail.addresses, version=mail.version
            )
            ok = ok and (outcome.ok or outcome.partial)
        return ok
    finally:
        chair.close()
