"""LOUDONG_CORS_ORIGINS and LOUDONG_ATTACHMENT_URL_MINUTES (issue 10)."""

import pytest

from app.settings import Settings, SettingsError, parse_origins


def test_no_origins_by_default(tmp_path) -> None:
    settings = Settings.from_environ({"LOUDONG_DATA_DIR": str(tmp_path)})
    assert settings.cors_origins == ()
    assert settings.attachment_url_minutes == 5.0


@pytest.mark.parametrize(
    ("text", "origins"),
    [
        ("", ()),
        ("https://app.example.org", ("https://app.example.org",)),
        (
            " https://App.Example.org:443 , http://localhost:5173,,http://localhost:80 ",
            ("https://app.example.org", "http://localhost:5173", "http://localhost"),
        ),
        ("http://[::1]:3000, http://[::1]:3000", ("http://[::1]:3000",)),
        ("*", ("*",)),
    ],
)
def test_origins_are_written_as_browsers_send_them(text: str, origins: tuple[str, ...]) -> None:
    assert parse_origins(text) == origins


@pytest.mark.parametrize(
    "entry",
    [
        "https://app.example.org/",
        "https://app.example.org/app",
        "https://app.example.org?x",
        "https://user@app.example.org",
        "app.example.org",
        "null",
        "file://",
        "ftp://app.example.org",
        "https://app.example.org:99999",
        "https://*.example.org/x",
    ],
)
def test_anything_but_an_origin_is_refused(entry: str) -> None:
    with pytest.raises(SettingsError, match="LOUDONG_CORS_ORIGINS"):
        Settings.from_environ({"LOUDONG_SECRET": "s" * 40, "LOUDONG_CORS_ORIGINS": entry})


@pytest.mark.parametrize("minutes", ["0", "-1", "1441"])
def test_attachment_urls_live_minutes(minutes: str) -> None:
    with pytest.raises(SettingsError, match="LOUDONG_ATTACHMENT_URL_MINUTES"):
        Settings.from_environ(
            {"LOUDONG_SECRET": "s" * 40, "LOUDONG_ATTACHMENT_URL_MINUTES": minutes}
        )
    settings = Settings.from_environ(
        {"LOUDONG_SECRET": "s" * 40, "LOUDONG_ATTACHMENT_URL_MINUTES": "2.5"}
    )
    assert settings.attachment_url_minutes == 2.5
