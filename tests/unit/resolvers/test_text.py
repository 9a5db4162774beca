"""Free text and usernames (issue 8, item 18)."""

import pytest

from resolvers.errors import Invalid
from resolvers.text import clean_text, clean_username, normal_username


@pytest.mark.parametrize(
    "value",
    [
        "Bob\x00",  # NUL
        "ring\x07",  # BEL
        "abc\u202egnp.exe",  # right-to-left override
        "x\u2066y\u2069",  # isolates
        "\u200bhidden",  # zero width space
        "soft\u00adhyphen",
        "esc\x1b[31m",
        "lone \ud800 surrogate",
    ],
)
@pytest.mark.parametrize("multiline", [False, True])
def test_control_and_format_characters_are_refused(value: str, multiline: bool) -> None:
    with pytest.raises(Invalid) as error:
        clean_text(value, "name", limit=100, what="A name", multiline=multiline)
    assert error.value.field == "name"
    assert "control" in error.value.message


def test_white_space_is_folded_on_one_line_and_kept_in_notes() -> None:
    assert clean_text("  李\t阿姨\n ", "name", limit=50) == "李 阿姨"
    note = "第一行\r\n\t第二行 👨\u200d👩\u200d👧"
    assert (
        clean_text(note, "note", limit=50, multiline=True) == "第一行\n\t第二行 👨\u200d👩\u200d👧"
    )


def test_a_joiner_is_refused_in_a_name() -> None:
    with pytest.raises(Invalid):
        clean_text("ad\u200dmin", "name", limit=50)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("admin", "admin"),
        ("Admin", "admin"),
        ("ADMIN", "admin"),
        ("\uff41\uff44\uff4d\uff49\uff4e", "admin"),  # full width
        ("  grid1 ", "grid1"),
        ("li.wei-2_x", "li.wei-2_x"),
        ("\u0430dmin", None),  # a Cyrillic a
        ("张三", None),
        ("a", None),
        ("x" * 65, None),
        ("_admin", None),
        ("ad min", None),
        ("admin\n", "admin"),
        ("ad\u202emin", None),
        ("ad\x00min", None),
    ],
)
def test_usernames_have_one_spelling(given: str, expected: str | None) -> None:
    assert normal_username(given) == expected


def test_a_bad_username_is_invalid() -> None:
    with pytest.raises(Invalid) as error:
        clean_username("\u0430dmin")
    assert error.value.field == "username"
