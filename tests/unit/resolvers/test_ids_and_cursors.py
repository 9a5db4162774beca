"""Ids and cursors a client sends are checked, bounds included, before they reach SQL."""

import base64
from datetime import UTC, datetime

import pytest

from resolvers.cursors import ID, Key, by, decode, encode
from resolvers.errors import Invalid
from resolvers.ids import MAX_PK, decode_global_id, encode_global_id

BY_ID = by("Case.ID")
DUE = by("Case.DUE_ASC", Key("due_at", datetime, nullable=True))
NAME = by("Resident.NAME", Key("name", str))


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "global_id",
    [b64("OrgNode:0"), b64("OrgNode:-1"), b64(f"OrgNode:{10**25}"), b64(f"OrgNode:{MAX_PK + 1}"),
     b64(":5"), b64("OrgNode"), "not base64!", b64("OrgNode:1e3")],
)  # fmt: skip
def test_bad_global_ids_are_invalid(global_id: str) -> None:
    with pytest.raises(Invalid):
        decode_global_id(global_id)


def test_the_largest_key_round_trips() -> None:
    assert decode_global_id(encode_global_id("OrgNode", MAX_PK)) == ("OrgNode", MAX_PK)


def cursor(*values: object) -> str:
    import json

    return b64(json.dumps(list(values)))


@pytest.mark.parametrize(
    ("text", "order"),
    [(b64("offset:5"), NAME), (b64("offset:5"), BY_ID), (b64("cursor:-1"), BY_ID),
     (b64(f"cursor:{MAX_PK + 1}"), BY_ID), (b64("cursor:7"), NAME), ("%%%", BY_ID),
     (cursor("Case.ID", 7), NAME), (cursor("Resident.NAME", "王", 7), DUE),
     (cursor("Case.DUE_ASC", "2026-01-01T00:00:00", 7), DUE),  # no time zone
     (cursor("Case.DUE_ASC", "0001-01-01T00:00:00+05:00", 7), DUE),  # before year 1 in UTC
     (cursor("Case.DUE_ASC", "9999-12-31T23:59:59-05:00", 7), DUE),  # after 9999 in UTC
     (cursor("Case.DUE_ASC", None, None), DUE), (cursor("Case.DUE_ASC", None, True), DUE),
     (cursor("Case.DUE_ASC", 5, 7), DUE), (cursor("Resident.NAME", None, 7), NAME),
     (cursor("Resident.NAME", "x" * 500, 7), NAME), (cursor("Case.ID", 7.5), BY_ID),
     (cursor("Case.ID", 10**30), BY_ID), (cursor("Case.ID"), BY_ID),
     (cursor("Case.ID", 1, 2), BY_ID), (b64("{}"), BY_ID), (b64("[" * 5000), BY_ID),
     ("A" * 2000, BY_ID)],
)  # fmt: skip
def test_bad_cursors_are_invalid(text: str, order) -> None:
    with pytest.raises(Invalid):
        decode(order, text, "after")


def test_cursors_round_trip() -> None:
    moment = datetime(2026, 3, 1, 8, 30, 0, 123456, tzinfo=UTC)
    assert decode(DUE, encode(DUE, (moment, 41)), "after") == (moment, 41)
    assert decode(DUE, encode(DUE, (None, 41)), "after") == (None, 41)
    assert decode(NAME, encode(NAME, ("王芳", 3)), "after") == ("王芳", 3)
    assert decode(BY_ID, encode(BY_ID, (0,)), "after") == (0,)
    assert ID.field == "id"


def test_an_earlier_id_cursor_is_still_read_in_id_order() -> None:
    assert decode(BY_ID, b64("cursor:41"), "after") == (41,)
