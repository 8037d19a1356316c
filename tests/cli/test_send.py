"""`overleg send`, run for real against an SMTP server on localhost (aiosmtpd)."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from test_cli import ROOT, data, demo

aiosmtpd = pytest.importorskip("aiosmtpd.controller")
from aiosmtpd.smtp import AuthResult  # noqa: E402 - only when aiosmtpd is there

__all__ = ["data"]  # the fixture, used by name

PASSWORD = "geheim-Wachtwoord-42"
REFUSED = "weiger@example.org"


class Inbox:
    """Keeps each message received with its envelope; refuses `REFUSED` as a recipient."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's name
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == REFUSED:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's name
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        self.received.append((list(envelope.rcpt_tos), bytes(envelope.original_content)))
        return "250 OK"


def overleg(
    *args: str, data: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`overleg ARGS` with `data` as its data folder, no password in the environment but `env`'s."""
    environ = {k: v for k, v in os.environ.items() if k != "OVERLEG_SMTP_PASSWORD"}
    environ.update({"OVERLEG_DATA_DIR": str(data), "OVERLEG_LANG": "", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "overleg", *args],
        capture_output=True,
        text=True,
        env=environ,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def check_login(server: Any, session: Any, envelope: Any, mechanism: str, auth: Any) -> Any:
    """Only the user "chair" with `PASSWORD` logs in."""
    ok = auth.login == b"chair" and auth.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Any:
    inbox = Inbox()
    controller = aiosmtpd.Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        auth_require_tls=False,
        authenticator=check_login,
    )
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def sent_events(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / "journal.jsonl").read_text("utf-8").splitlines()[1:]
    return [r for r in map(json.loads, lines) if r.get("type") == "minutes_sent"]


def parse(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def attachments(message: EmailMessage) -> dict[str, bytes]:
    out = {}
    for part in message.iter_attachments():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        out[str(part.get_filename())] = payload
    return out


def everything(folder: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in folder.iterdir())


def test_sent_to_every_recipient_intact_and_recorded(data: Path, smtp: Any) -> None:
    port, inbox = smtp
    folder = demo(data)
    overleg("export", folder.name, "--format", "html", "--share", "--lang", "en", data=data)
    result = overleg(
        "send", folder.name, "--to-only", "extern@example.org", "--to", "b@example.org",
        "--from", "chair@example.org", "--attach", "md,toml",
        "--smtp", f"127.0.0.1:{port}", "--user", "chair", "--lang", "en", data=data,
        env={"OVERLEG_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "pseudonymised minutes to: b@example.org, extern@example.org" in result.stderr
    assert len(inbox.received) == 1
    to, raw = inbox.received[0]
    assert sorted(to) == ["b@example.org", "extern@example.org"]
    message = parse(raw)
    assert message["Subject"].startswith("Draft minutes ")
    body = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert body is not None and html is not None
    assert html.get_content().startswith("<!DOCTYPE html>")
    files = attachments(message)
    assert sorted(files) == ["minutes-share.html", "minutes-share.md", "minutes-share.toml"]
    assert files["minutes-share.html"] == (folder / "minutes-share.html").read_bytes()
    shared_md = overleg("export", folder.name, "--share", "-o", "-", "--lang", "en", data=data)
    assert files["minutes-share.md"].decode("utf-8") == shared_md.stdout
    events = sent_events(folder)
    assert [(e["sender"], e["to"], e["version"]) for e in events] == [
        ("chair@example.org", ["b@example.org", "extern@example.org"], "shared")
    ]
    assert PASSWORD not in result.stdout + result.stderr + everything(folder)


def test_full_goes_only_to_those_present(data: Path, smtp: Any) -> None:
    port, inbox = smtp
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--full", "--to", "extern@example.org",
        "--smtp", f"127.0.0.1:{port}", data=data,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "volledig verslag aan:" in result.stderr
    assert "gepseudonimiseerd verslag aan:" in result.stderr
    assert len(inbox.received) == 2
    by_version = {e["version"]: e["to"] for e in sent_events(folder)}
    assert "extern@example.org" in by_version["shared"]
    assert "extern@example.org" not in by_version["full"]
    for to, raw in inbox.received:
        names = sorted(attachments(parse(raw)))
        assert names == (["minutes-share.html"] if "extern@example.org" in to else ["minutes.html"])
    assert parse(inbox.received[0][1])["Subject"].startswith("Conceptverslag ")


def test_a_refused_recipient_sends_and_records_nothing(data: Path, smtp: Any) -> None:
    port, inbox = smtp
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--to", REFUSED, "--smtp", f"127.0.0.1:{port}", "--lang", "en",
        data=data,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"refused the recipient {REFUSED}" in result.stderr
    assert "Traceback" not in result.stderr
    assert inbox.received == [] and sent_events(folder) == []


def test_a_server_that_is_down(data: Path) -> None:
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--smtp", f"127.0.0.1:{free_port()}", "--user", "u", "--lang", "en",
        data=data, env={"OVERLEG_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("overleg: cannot reach the mail server 127.0.0.1:")
    assert "Traceback" not in result.stderr and PASSWORD not in result.stderr
    assert sent_events(folder) == []


def test_bad_credentials(data: Path, smtp: Any) -> None:
    port, inbox = smtp
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--smtp", f"127.0.0.1:{port}", "--user", "chair", "--lang", "en",
        data=data, env={"OVERLEG_SMTP_PASSWORD": PASSWORD + "x"},
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "did not accept the user name and password" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr + everything(folder)
    assert inbox.received == [] and sent_events(folder) == []


def test_the_draft_parses_back(data: Path) -> None:
    folder = demo(data)
    result = overleg("send", folder.name, "--attach", "toml", data=data)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == folder / "minutes-share.eml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    message = parse(path.read_bytes())
    assert message["X-Unsent"] == "1" and message["From"]
    assert message.get_body(("html",)) is not None
    assert sorted(attachments(message)) == ["minutes-share.html", "minutes-share.toml"]
    assert sent_events(folder) == []  # a draft is not sent


def test_bad_input(data: Path) -> None:
    folder = demo(data)
    for args, said in (
        (["--to", "geen adres"], "overleg: --to ‘geen adres’: not an e-mail address"),
        (["--to-only", ""], "overleg: --to-only ‘’: not an e-mail address"),
        (["--from", "x\x1b[2J"], "overleg: --from ‘x?[2J’: not an e-mail address"),
        (["--attach", "pdf"], "pdf"),
        (["--smtp", "host:port"], "host:port"),
        (["--starttls"], "overleg: --starttls goes with --smtp HOST"),
        (["--user", "chair"], "overleg: --user goes with --smtp HOST"),
    ):
        result = overleg("send", folder.name, *args, "--lang", "en", data=data)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
        assert said in result.stderr, (args, result.stderr)
        assert "\x1b" not in result.stderr
    assert list(folder.glob("*.eml")) == [] and sent_events(folder) == []


def test_no_password_and_no_terminal_to_ask_it(data: Path, smtp: Any) -> None:
    port, inbox = smtp
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--smtp", f"127.0.0.1:{port}", "--user", "chair", "--lang", "en",
        data=data,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "overleg: no password for chair: set OVERLEG_SMTP_PASSWORD, or run overleg send in a"
        " terminal to type it"
    )
    assert "Traceback" not in result.stderr and "Warning" not in result.stderr
    assert inbox.received == [] and sent_events(folder) == []


def test_someone_on_the_roster_without_an_address_is_named(data: Path, tmp_path: Path) -> None:
    text = (ROOT / "agendas" / "directeurenoverleg.toml").read_text("utf-8")
    text = text.replace('email = "ruud.vandijk@sociaaldomein.example.org"\n', "", 1)
    agenda = tmp_path / "directeurenoverleg.toml"
    agenda.write_text(text, "utf-8")
    folder = demo(data, agenda)
    result = overleg("send", folder.name, "--lang", "en", data=data)
    assert result.returncode == 0, result.stderr
    assert (
        "overleg: no e-mail address on the roster, the minutes do not reach: Ruud van Dijk"
    ) in result.stderr
    message = parse(Path(result.stdout.strip()).read_bytes())
    assert "marieke.janssen@" in message["To"] and "Ruud" not in message["To"]
    given = overleg(
        "send", folder.name, "--to", "Ruud van Dijk <ruud@example.org>", "--lang", "en", data=data
    )
    assert given.returncode == 0 and "do not reach" not in given.stderr, given.stderr
