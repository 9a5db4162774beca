"""The client address rate limits count (issue 8, item 9): X-Forwarded-For only from proxies."""

from types import SimpleNamespace
from typing import cast

import pytest
from starlette.requests import Request

from app.settings import Settings, SettingsError, parse_proxies
from resolvers.clients import client_address
from resolvers.context import Context


def context(peer: str, forwarded: list[str], proxies: str = "") -> Context:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    request = Request({"type": "http", "client": (peer, 5000), "headers": headers})
    services = SimpleNamespace(trusted_proxies=parse_proxies(proxies))
    return cast(Context, SimpleNamespace(request=request, services=services))


@pytest.mark.parametrize(
    ("peer", "forwarded", "proxies", "expected"),
    [
        # no proxy configured: the header is the client's own writing
        ("127.0.0.1", ["1.2.3.4"], "", "127.0.0.1"),
        ("203.0.113.9", ["1.2.3.4"], "", "203.0.113.9"),
        # from a trusted proxy: the right-most address that is not a proxy
        ("10.0.0.2", ["203.0.113.9"], "10.0.0.0/8", "203.0.113.9"),
        ("10.0.0.2", ["1.1.1.1, 203.0.113.9"], "10.0.0.0/8", "203.0.113.9"),  # 1.1.1.1 is forged
        ("10.0.0.2", ["1.1.1.1", "203.0.113.9, 10.0.0.5"], "10.0.0.0/8", "203.0.113.9"),
        ("10.0.0.2", ["garbage, 10.0.0.5"], "10.0.0.0/8", "10.0.0.5"),
        ("10.0.0.2", [], "10.0.0.0/8", "10.0.0.2"),
        # a peer that is not a proxy, though proxies are configured
        ("203.0.113.9", ["1.1.1.1"], "10.0.0.0/8", "203.0.113.9"),
        # IPv6 clients count per /64; IPv4-mapped ones as IPv4
        ("2001:db8:1:2:3:4:5:6", [], "", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", [], "", "203.0.113.9"),
        ("::1", ["2001:db8::7"], "::1", "2001:db8::/64"),
    ],
)
def test_the_client_address(peer, forwarded, proxies, expected) -> None:
    assert client_address(context(peer, forwarded, proxies)) == expected


def test_a_bad_trusted_proxy_setting_is_refused(tmp_path) -> None:
    with pytest.raises(SettingsError, match="LOUDONG_TRUSTED_PROXIES"):
        Settings.from_environ(
            {"LOUDONG_DATA_DIR": str(tmp_path), "LOUDONG_TRUSTED_PROXIES": "10.0.0.1, proxy.local"}
        )


def test_trusted_proxies_are_read_from_the_environment(tmp_path) -> None:
    environ = {"LOUDONG_DATA_DIR": str(tmp_path)}
    settings = Settings.from_environ(
        environ | {"LOUDONG_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16"}
    )
    assert [str(p) for p in settings.trusted_proxies] == ["10.0.0.1/32", "192.168.0.0/16"]
    assert Settings.from_environ(environ).trusted_proxies == ()


def test_the_server_leaves_forwarded_headers_to_the_app(monkeypatch, tmp_path) -> None:
    # given: uvicorn, which by default believes X-Forwarded-For from any loopback peer
    import uvicorn

    from app import cli

    monkeypatch.setenv("LOUDONG_DATA_DIR", str(tmp_path))
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: calls.append(kwargs))
    # when
    cli.main(["serve"])
    # then
    assert calls[0]["proxy_headers"] is False
