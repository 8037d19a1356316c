"""The pure parts of `overleg.chair.send`: addresses and the mail server's HOST[:PORT]."""

from __future__ import annotations

import pytest

from overleg.chair.send import SendError, parse_addresses, server, valid_address


def test_server_ports() -> None:
    assert server("mail.example.org") == ("mail.example.org", 25)
    assert server("mail.example.org", "ssl") == ("mail.example.org", 465)
    assert server("mail.example.org", "starttls") == ("mail.example.org", 587)
    assert server("127.0.0.1:2525") == ("127.0.0.1", 2525)
    assert server("[::1]:2525") == ("::1", 2525)
    for bad in ("host:port", "host:0", ":25", "host:70000"):
        with pytest.raises(SendError) as caught:
            server(bad)
        assert caught.value.bad_input and caught.value.key == "bad_server"


def test_addresses() -> None:
    assert parse_addresses(["Anna <a@x.nl>, b@x.nl"]) == [("Anna", "a@x.nl"), ("", "b@x.nl")]
    assert valid_address("a.b@wijkteam.example.org")
    for bad in ("geen adres", "a@", "@x.nl", "a@@x.nl", "a@x.nl\nBcc: c@x.nl"):
        with pytest.raises(SendError):
            parse_addresses([bad])
