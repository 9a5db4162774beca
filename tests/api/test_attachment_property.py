"""Property: a case photo downloads iff the one asking may read its case and, for a signed URL,
the signature is ours, for that file and that viewer, and fresh (README "Photos in <img>").

Hypothesis draws a demo user, a photo (on cases of both streets, every kind including
disputes, some reported by or assigned to demo users) and a way of asking: the signed URL as
the API makes it, or tampered (another viewer's or file's, a stale token version, expired,
signed too far ahead, a forged or foreign signature, a part missing, repeated or written with a
leading zero), or the Authorization header, or nothing. Whether the user may read the case is
computed here from the domain rules (shared/domain.md, "Who may do what") over the demo's
grants, not from `policies/`, and checked against what `case(id:)` answers too.
"""

import math
import time
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import models
from app.settings import Settings
from models import CaseKind, Role
from models.workflows.cases import WAITING
from resolvers.cases.photo_urls import signature
from resolvers.cases.photos import store_photo
from tests.helpers import Api, gid, image_bytes, one_database_settings

USERS = [
    "admin", "street1", "street2", "community1", "community2", "grid1", "grid2", "building1",
    "building2", "household1", "household2", "volunteer1", "volunteer2", "resident1",
    "resident2", "auditor1", "auditor2",
]  # fmt: skip
WAYS = [
    "signed", "other_viewer", "other_file", "stale_version", "expired", "too_far", "bad_sig",
    "foreign_key", "missing_part", "repeated_part", "leading_zero", "header", "anonymous",
]  # fmt: skip
CASE_QUERY = "query($id: ID!) { case(id: $id) { id } }"
STAFF = {Role.STREET_ADMIN, Role.COMMUNITY_ADMIN, Role.GRID_LEADER, Role.BUILDING_LEADER}
DISPUTE_READERS = {Role.STREET_ADMIN, Role.COMMUNITY_ADMIN}
OPEN_READERS = {Role.CENTRAL_HOUSEHOLD, Role.VOLUNTEER}


@dataclass
class World:
    photos: list[models.CaseAttachment]
    cases: dict[int, models.Case]
    users: dict[str, models.User]
    grants: dict[str, list[tuple[Role, str | None]]]


def may_read(world: World, username: str, case: models.Case) -> bool:
    """domain.md: a role covers its node's subtree; disputes only for community admins and up
    (and their mediator); volunteers and central households the cases waiting to be claimed;
    everyone what they reported and what is assigned to them; auditors read, disputes aside."""
    user = world.users[username]
    if user.id in (case.reporter_user_id, case.assignee_id):
        return True
    for role, path in world.grants[username]:
        if role is Role.SYSTEM_ADMIN:
            return True
        if path is None or not case.node_path.startswith(path):
            continue
        dispute = case.kind is CaseKind.DISPUTE
        if role in DISPUTE_READERS:
            return True
        if (role in STAFF or role is Role.AUDITOR) and not dispute:
            return True
        if role in OPEN_READERS and not dispute and case.status in WAITING:
            return True
    return False


async def build(settings: Settings) -> World:
    """Photos on a spread of demo cases: per street, kind and status, plus every case a demo
    user reported or handles."""
    users = {u.username: u for u in await models.User.filter(username__in=USERS)}
    involved = {u.id for u in users.values()}
    chosen: dict[tuple[str, str, str], models.Case] = {}
    for case in await models.Case.all().order_by("id"):
        key = (case.node_path.split("/")[1], case.kind.value, case.status.value)
        chosen.setdefault(key, case)
        if case.reporter_user_id in involved or case.assignee_id in involved:
            chosen.setdefault(("own", str(case.id), ""), case)
    digest = store_photo(settings.data_dir, image_bytes("PNG"))
    photos = [
        await models.CaseAttachment.create(
            case_id=case.id,
            sha256=digest,
            content_type="image/png",
            size=1,
            uploaded_by_id=users["admin"].id,
        )
        for case in chosen.values()
    ]
    grants: dict[str, list[tuple[Role, str | None]]] = {name: [] for name in users}
    by_id = {u.id: name for name, u in users.items()}
    for role, path, user_id in await models.RoleGrant.filter(
        revoked_at__isnull=True, user_id__in=list(by_id)
    ).values_list("role", "node__path", "user_id"):
        grants[by_id[user_id]].append((Role(role), path))
    cases = {case.id: case for case in chosen.values()}
    return World(photos=photos, cases=cases, users=users, grants=grants)


def url_for(
    settings: Settings,
    photo: int,
    user: models.User,
    way: str,
    other: models.User,
    other_photo: int,
) -> str:
    """The URL the API makes for `user`, or one tampered with in `way`."""
    now = time.time()
    ttl = settings.attachment_url_minutes * 60
    expires = math.ceil((now + ttl) / 60) * 60
    version, signer, secret, path_id = user.token_version, user.id, settings.secret, photo
    if way == "stale_version":
        version += 1
    elif way == "expired":
        expires = int(now) - 30
    elif way == "too_far":
        expires = int(now + ttl) + 3600
    elif way == "foreign_key":
        secret = settings.secret + "-other"
    sig = signature(secret, photo, signer, version, expires)
    parts = {"user": str(user.id), "ver": str(version), "expires": str(expires), "sig": sig}
    if way == "other_viewer":
        parts["user"] = str(other.id)  # signed for `user`, presented as `other`
    elif way == "other_file":
        path_id = other_photo
    elif way == "bad_sig":
        parts["sig"] = ("A" if sig[0] != "A" else "B") + sig[1:]
    elif way == "leading_zero":
        parts["user"] = "0" + parts["user"]
    query = "&".join(f"{name}={value}" for name, value in parts.items())
    if way == "missing_part":
        query = "&".join(f"{n}={v}" for n, v in parts.items() if n != "expires")
    elif way == "repeated_part":
        query += f"&ver={version}"
    return f"/attachments/{path_id}?{query}"


@pytest.mark.slow
@one_database_settings(max_examples=80)  # some 70 ms each
@given(
    who=st.sampled_from(USERS),
    other=st.sampled_from(USERS),
    photo_index=st.integers(min_value=0, max_value=10_000),
    other_index=st.integers(min_value=0, max_value=10_000),
    way=st.sampled_from(WAYS),
)
async def test_a_photo_downloads_iff_readable_and_the_link_is_good(
    api: Api, demo, settings: Settings, who: str, other: str, photo_index: int,
    other_index: int, way: str,
) -> None:  # fmt: skip
    # given: the photos, made once for this test's database
    world: World | None = getattr(api, "_photo_world", None)
    if world is None:
        world = await build(settings)
        api._photo_world = world  # type: ignore[attr-defined]
    photo = world.photos[photo_index % len(world.photos)]
    other_photo = world.photos[other_index % len(world.photos)]
    user, other_user = world.users[who], world.users[other]
    case = world.cases[photo.case_id]
    readable = may_read(world, who, case)
    # the oracle agrees with the API's own reading of the case
    seen = await api.gql(CASE_QUERY, {"id": gid(case)}, as_=who)
    assert (seen["case"] is not None) == readable, (who, case.id, case.kind, case.status)
    # when
    headers: dict[str, str] = {}
    if way == "header":
        url = f"/attachments/{photo.id}"
        headers = {"Authorization": f"Bearer {await api.token(who)}"}
    elif way == "anonymous":
        url = f"/attachments/{photo.id}"
    else:
        url = url_for(settings, photo.id, user, way, other_user, other_photo.id)
    response = await api.client.get(url, headers=headers)
    # then: the photo exactly when nothing was tampered with (a tamper that changes nothing,
    # another viewer or file that is the same one, counts as untouched) and the case is readable
    untouched = way in ("signed", "header") or (
        (way == "other_viewer" and other_user.id == user.id)
        or (way == "other_file" and other_photo.id == photo.id)
    )
    expected = untouched and readable
    assert response.status_code == (200 if expected else 404), (who, way, case.id, url)
    if not expected:
        assert response.json() == {"error": "not found"}
    else:
        assert response.headers["content-type"] == "image/png"


async def test_a_link_dies_with_the_session_and_the_grant(
    api: Api, demo, settings: Settings
) -> None:
    # given: community1's good link to a photo of a case in its community
    world = await build(settings)
    user = world.users["community1"]
    photo = next(p for p in world.photos if may_read(world, "community1", world.cases[p.case_id]))
    url = url_for(settings, photo.id, user, "signed", user, photo.id)
    assert (await api.client.get(url)).status_code == 200
    # when: the grant is revoked
    await models.RoleGrant.filter(user_id=user.id).update(revoked_at=datetime.now(UTC))
    # then
    assert (await api.client.get(url)).status_code == 404
