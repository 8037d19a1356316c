"""`overleg send --starttls` / `--ssl`, run for real against TLS SMTP servers on localhost.

A test CA and a server certificate for 127.0.0.1 (and localhost) are made with the `openssl`
command line for the session. overleg verifies certificates the standard way
(`ssl.create_default_context()`), so the client trusts the test CA only when its subprocess gets
``SSL_CERT_FILE`` pointing at the CA's PEM (OpenSSL's default verify paths honour it); without
it, the certificate cannot be verified and nothing may be sent.
"""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_cli import data, demo
from test_send import (
    PASSWORD,
    Inbox,
    check_login,
    free_port,
    overleg,
    parse,
    sent_events,
)

aiosmtpd = pytest.importorskip("aiosmtpd.controller")

__all__ = ["data"]  # the fixture, used by name

#: aiosmtpd's warning on an SMTPS server that requires AUTH without auth_require_tls.
SMTPS_WARNING = "ignore:Requiring AUTH while not requiring TLS:UserWarning"

SENDER = "chair@example.org"
READERS = ("b@example.org", "extern@example.org")

SERVER_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = {names}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""
EC = ("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes")


def _openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(
        ["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


def _leaf(folder: Path, name: str, names: str) -> tuple[Path, Path]:
    """A server certificate `name`.pem (key `name`.key) for `names`, signed by the test CA."""
    _openssl(
        "req", "-new", *EC, "-keyout", f"{name}.key", "-out", f"{name}.csr",
        "-subj", f"/CN={name}", cwd=folder,
    )  # fmt: skip
    (folder / f"{name}.ext").write_text(SERVER_EXTENSIONS.format(names=names), "utf-8")
    _openssl(
        "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "1", "-extfile", f"{name}.ext", "-out", f"{name}.pem",
        cwd=folder,
    )  # fmt: skip
    return folder / f"{name}.pem", folder / f"{name}.key"


@pytest.fixture(scope="session")
def certs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A test CA (``ca``) and two server certificates it signed, valid for a day: ``cert``
    (key ``key``) for IP 127.0.0.1 and localhost, ``other_cert`` (``other_key``) for
    mail.example.org only."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command line is needed to make the test certificates")
    folder = tmp_path_factory.mktemp("certs")
    _openssl(
        "req", "-x509", *EC, "-keyout", "ca.key", "-out", "ca.pem", "-days", "1",
        "-subj", "/CN=overleg test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=folder,
    )  # fmt: skip
    cert, key = _leaf(folder, "server", "IP:127.0.0.1, DNS:localhost")
    other_cert, other_key = _leaf(folder, "other", "DNS:mail.example.org")
    return {
        "ca": folder / "ca.pem",
        "cert": cert,
        "key": key,
        "other_cert": other_cert,
        "other_key": other_key,
    }


def server_context(certs: dict[str, Path], which: str = "") -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certs[which + "cert"], certs[which + "key"])
    return context


def trusting(certs: dict[str, Path], **more: str) -> dict[str, str]:
    """The environment of a client that trusts the test CA (and only it)."""
    return {"SSL_CERT_FILE": str(certs["ca"]), "SSL_CERT_DIR": str(certs["ca"].parent), **more}


def untrusting(certs: dict[str, Path], **more: str) -> dict[str, str]:
    """The environment of a client that trusts the system's CAs, never the test CA: an empty
    bundle in place of any SSL_CERT_FILE of the caller's."""
    empty = certs["ca"].parent / "empty.pem"
    empty.write_text("", "utf-8")
    return {"SSL_CERT_FILE": str(empty), "SSL_CERT_DIR": str(empty.parent / "none"), **more}


@pytest.fixture
def starttls(certs: dict[str, Path]) -> Iterator[tuple[int, Inbox]]:
    """A server that takes mail only after STARTTLS, from a user logged in over TLS."""
    inbox = Inbox()
    controller = aiosmtpd.Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=server_context(certs),
        require_starttls=True,
        auth_required=True,
        auth_require_tls=True,
        authenticator=check_login,
    )
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


@pytest.fixture
def smtps(certs: dict[str, Path]) -> Iterator[tuple[int, Inbox]]:
    """A server that speaks TLS from the first byte (SMTPS), login required."""
    inbox = Inbox()
    controller = aiosmtpd.Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        ssl_context=server_context(certs),
        auth_required=True,
        # The whole connection is TLS, but aiosmtpd 1.4 counts only STARTTLS as TLS for
        # auth_require_tls and would never offer AUTH here (aio-libs/aiosmtpd#281); it warns
        # (SMTPS_WARNING) for each connection.
        auth_require_tls=False,
        authenticator=check_login,
    )
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def send(folder: Path, port: int, *args: str, data: Path, env: dict[str, str]) -> Any:
    return overleg(
        "send", folder.name, "--to-only", ", ".join(READERS), "--from", SENDER,
        "--smtp", f"127.0.0.1:{port}", *args, "--lang", "en", data=data, env=env,
    )  # fmt: skip


def assert_no_password(result: Any, folder: Path) -> None:
    """The password is in no output and in no file under the data folder."""
    assert PASSWORD not in result.stdout + result.stderr
    data = folder.parent
    for path in data.rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path


def assert_failed_cleanly(result: Any, folder: Path, inbox: Inbox) -> str:
    """Exit status 1 (a send failure), one line on stderr after what would go out, no
    traceback, no password, nothing received or recorded; that last line."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert_no_password(result, folder)
    assert inbox.received == [] and sent_events(folder) == []
    last: str = result.stderr.strip().splitlines()[-1]
    assert last.startswith("overleg: ")
    return last


def assert_received(inbox: Inbox, folder: Path, result: Any) -> None:
    assert result.returncode == 0, result.stderr
    assert len(inbox.received) == 1
    to, raw = inbox.received[0]
    assert sorted(to) == sorted(READERS)
    assert parse(raw)["Subject"].startswith("Draft minutes ")
    events = sent_events(folder)
    assert [(e["sender"], sorted(e["to"])) for e in events] == [(SENDER, sorted(READERS))]
    assert_no_password(result, folder)


def test_starttls_with_login(data: Path, starttls: Any, certs: dict[str, Path]) -> None:
    port, inbox = starttls
    folder = demo(data)
    result = send(
        folder, port, "--starttls", "--user", "chair", data=data,
        env=trusting(certs, OVERLEG_SMTP_PASSWORD=PASSWORD),
    )  # fmt: skip
    assert_received(inbox, folder, result)
    assert f"sent to 2 recipients through 127.0.0.1:{port}" in result.stdout


def test_starttls_bad_password_over_tls(data: Path, starttls: Any, certs: dict[str, Path]) -> None:
    port, inbox = starttls
    folder = demo(data)
    result = send(
        folder, port, "--starttls", "--user", "chair", data=data,
        env=trusting(certs, OVERLEG_SMTP_PASSWORD=PASSWORD + "x"),
    )  # fmt: skip
    last = assert_failed_cleanly(result, folder, inbox)
    assert "did not accept the user name and password" in last


@pytest.mark.filterwarnings(SMTPS_WARNING)
def test_ssl_with_login(data: Path, smtps: Any, certs: dict[str, Path]) -> None:
    port, inbox = smtps
    folder = demo(data)
    result = send(
        folder, port, "--ssl", "--user", "chair", data=data,
        env=trusting(certs, OVERLEG_SMTP_PASSWORD=PASSWORD),
    )  # fmt: skip
    assert_received(inbox, folder, result)


def test_starttls_required_but_not_used(data: Path, starttls: Any, certs: dict[str, Path]) -> None:
    """Without --starttls the server takes no login (AUTH only over TLS) and no mail: overleg
    says to give --starttls, and never sends the password in the clear."""
    port, inbox = starttls
    folder = demo(data)
    with_login = send(
        folder, port, "--user", "chair", data=data,
        env=trusting(certs, OVERLEG_SMTP_PASSWORD=PASSWORD),
    )  # fmt: skip
    last = assert_failed_cleanly(with_login, folder, inbox)
    assert last == (
        f"overleg: the mail server 127.0.0.1:{port} wants a secure connection first: give "
        "--starttls (or --ssl); nothing was sent"
    )
    without_login = send(folder, port, data=data, env=trusting(certs))
    # The server's own reply (530 Must issue a STARTTLS command first), said the same way.
    assert assert_failed_cleanly(without_login, folder, inbox) == last


def test_a_password_never_crosses_the_network_in_the_clear(data: Path) -> None:
    """--user without --starttls or --ssl to a server elsewhere: refused before connecting
    (a relay on this machine, as in the plain tests, may take a login)."""
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--smtp", "mail.example.org:587", "--user", "chair",
        "--from", SENDER, "--to-only", READERS[0], "--lang", "en", data=data,
        env={"OVERLEG_SMTP_PASSWORD": PASSWORD},
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a password never crosses the network unencrypted" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr


@pytest.mark.filterwarnings(SMTPS_WARNING)
@pytest.mark.parametrize("security", ["--starttls", "--ssl"])
def test_an_unverifiable_certificate(
    data: Path, certs: dict[str, Path], security: str, request: pytest.FixtureRequest
) -> None:
    """The test CA is not trusted: no secure connection, no login, nothing sent."""
    port, inbox = request.getfixturevalue("starttls" if security == "--starttls" else "smtps")
    folder = demo(data)
    result = send(
        folder, port, security, "--user", "chair", data=data,
        env=untrusting(certs, OVERLEG_SMTP_PASSWORD=PASSWORD),
    )  # fmt: skip
    last = assert_failed_cleanly(result, folder, inbox)
    assert last.startswith(f"overleg: no secure connection to 127.0.0.1:{port} (")
    assert "(unable to get local issuer certificate)" in last
    assert last.endswith("nothing was sent")


def test_a_certificate_for_another_host(data: Path, certs: dict[str, Path]) -> None:
    """Signed by the trusted CA but for mail.example.org: reached as 127.0.0.1 it does not
    match, so no secure connection and nothing sent (the host name is checked)."""
    inbox = Inbox()
    controller = aiosmtpd.Controller(
        inbox, hostname="127.0.0.1", port=free_port(),
        tls_context=server_context(certs, "other_"), require_starttls=True,
    )  # fmt: skip
    controller.start()
    try:
        folder = demo(data)
        result = send(folder, controller.port, "--starttls", data=data, env=trusting(certs))
        last = assert_failed_cleanly(result, folder, inbox)
        assert last.startswith(f"overleg: no secure connection to 127.0.0.1:{controller.port} (")
        assert "mismatch" in last  # OpenSSL's own words: "IP address mismatch, ..."
    finally:
        controller.stop()


def test_localhost_by_name(data: Path, starttls: Any, certs: dict[str, Path]) -> None:
    """Reached by the name localhost, the certificate's DNS name is checked and matches."""
    port, inbox = starttls
    folder = demo(data)
    result = overleg(
        "send", folder.name, "--to-only", ", ".join(READERS), "--from", SENDER,
        "--smtp", f"localhost:{port}", "--starttls", "--user", "chair", "--lang", "en",
        data=data, env=trusting(certs, OVERLEG_SMTP_PASSWORD=PASSWORD),
    )  # fmt: skip
    assert_received(inbox, folder, result)
