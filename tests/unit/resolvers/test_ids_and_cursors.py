"""Ids and cursors a client sends are checked, bounds included, before they reach SQL."""

import base64

import pytest

from resolvers.errors import Invalid
from resolvers.ids import MAX_PK, decode_global_id, encode_global_id
from resolvers.pagination import decode_cursor, encode_cursor


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


@pytest.mark.parametrize(
    ("cursor", "kind"),
    [(b64("offset:-5"), "offset"), (b64(f"offset:{10**30}"), "offset"),
     (b64("cursor:-1"), "cursor"), (b64("cursor:7"), "offset"), ("%%%", "cursor")],
)  # fmt: skip
def test_bad_cursors_are_invalid(cursor: str, kind: str) -> None:
    with pytest.raises(Invalid):
        decode_cursor(cursor, kind)


def test_cursors_round_trip() -> None:
    assert decode_cursor(encode_cursor(41, "offset"), "offset") == 41
    assert decode_cursor(encode_cursor(0)) == 0
