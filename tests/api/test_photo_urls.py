"""A photo's `url` is signed: an `<img>` loads it without a header, for that file and viewer
only, for minutes, and only while the viewer may still read the case; every other use answers
exactly as a missing file does (issue 10)."""

import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

import models
from app.settings import Settings
from resolvers.cases.photo_urls import signed_path
from tests.api.test_case_extras import ATTACH
from tests.api.test_cases import submit
from tests.helpers import Api, image_bytes

PHOTOS = """
query($id: ID!) { node(id: $id) { ... on Case { attachments { id url } } } }
"""
LOGOUT = "mutation { logout { errors { code } } }"


async def upload(api: Api, case_id: str, as_: str = "resident1") -> dict[str, Any]:
    data = await api.upload(ATTACH, {"case": case_id}, image_bytes("PNG"), as_=as_, name="p.png")
    assert data["addCaseAttachment"]["errors"] == [], data
    attachment: dict[str, Any] = data["addCaseAttachment"]["attachment"]
    return attachment


async def photo_urls(api: Api, case_id: str, as_: str) -> list[str]:
    data = await api.gql(PHOTOS, {"id": case_id}, as_=as_)
    return [photo["url"] for photo in data["node"]["attachments"]]


def pk_of(url: str) -> int:
    return int(urlsplit(url).path.removeprefix("/attachments/"))


def query_of(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def with_query(url: str, **changes: str) -> str:
    query = {**query_of(url), **changes}
    return f"{urlsplit(url).path}?{urlencode(query)}"


async def assert_missing(client: httpx.AsyncClient, url: str) -> None:
    response = await client.get(url)
    assert response.status_code == 404, url
    assert response.json() == {"error": "not found"}, url


async def test_an_img_loads_the_photo_by_its_signed_url(api: Api, demo, client):
    # given
    case = await submit(api)
    photo = await upload(api, case["id"])
    before = time.time()
    # when: no Authorization header, as an <img src> asks
    response = await client.get(photo["url"])
    # then
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    query = query_of(photo["url"])
    assert set(query) == {"user", "ver", "expires", "sig"}
    resident = await models.User.get(username="resident1")
    assert query["user"] == str(resident.id)
    # a few minutes, on a whole minute (the same URL within it, so browsers keep the image)
    expires = int(query["expires"])
    assert expires % 60 == 0
    assert before + 5 * 60 <= expires <= before + 6 * 60 + 1
    max_age = int(response.headers["cache-control"].removeprefix("private, max-age="))
    assert 0 < max_age <= 6 * 60
    assert response.headers["referrer-policy"] == "no-referrer"
    # and the login token is not in it
    assert await api.token("resident1") not in photo["url"]
    assert "eyJ" not in photo["url"]


async def test_each_viewer_gets_a_url_of_their_own(api: Api, demo, client):
    # given
    case = await submit(api)
    await upload(api, case["id"])
    # when
    (mine,) = await photo_urls(api, case["id"], as_="resident1")
    (theirs,) = await photo_urls(api, case["id"], as_="community1")
    # then
    community = await models.User.get(username="community1")
    assert query_of(theirs)["user"] == str(community.id)
    assert mine != theirs
    assert (await client.get(theirs)).status_code == 200
    # a viewer's id put into another's URL is a tampered URL
    await assert_missing(client, with_query(mine, user=str(community.id)))


async def test_a_signature_is_for_one_file_only(api: Api, demo, client):
    # given: two photos of the same case, both readable by the viewer
    case = await submit(api)
    first = await upload(api, case["id"])
    second = await upload(api, case["id"])
    assert (await client.get(second["url"])).status_code == 200
    # when: the first one's signature on the second one's path
    other = f"/attachments/{pk_of(second['url'])}?{urlsplit(first['url']).query}"
    # then
    await assert_missing(client, other)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda q: {**q, "sig": ("A" if q["sig"][0] != "A" else "B") + q["sig"][1:]},
        lambda q: {**q, "sig": q["sig"][:-1]},
        lambda q: {**q, "sig": q["sig"] + "="},
        lambda q: {**q, "expires": str(int(q["expires"]) + 60)},
        lambda q: {**q, "expires": "0" + q["expires"]},
        lambda q: {**q, "ver": str(int(q["ver"]) + 1)},
        lambda q: {k: v for k, v in q.items() if k != "sig"},
        lambda q: {k: v for k, v in q.items() if k != "user"},
        lambda q: {**q, "user": " " + q["user"]},
    ],
)
async def test_a_tampered_url_answers_as_a_missing_file(api: Api, demo, client, tamper):
    # given
    case = await submit(api)
    photo = await upload(api, case["id"])
    path, query = urlsplit(photo["url"]).path, query_of(photo["url"])
    # when / then
    await assert_missing(client, f"{path}?{urlencode(tamper(query))}")


async def test_a_parameter_given_twice_is_refused(api: Api, demo, client):
    case = await submit(api)
    photo = await upload(api, case["id"])
    await assert_missing(client, photo["url"] + "&sig=" + query_of(photo["url"])["sig"])


async def test_an_expired_or_too_long_url_answers_as_a_missing_file(
    api: Api, demo, client, settings: Settings
):
    # given: URLs signed with the app's own key
    case = await submit(api)
    photo = await upload(api, case["id"])
    pk = pk_of(photo["url"])
    resident = await models.User.get(username="resident1")
    now = int(time.time())

    def signed(expires: int) -> str:
        return signed_path(settings.secret, pk, resident.id, resident.token_version, expires)

    assert (await client.get(signed(now + 120))).status_code == 200
    # then: one second past its expiry, and one that would live a day
    await assert_missing(client, signed(now - 1))
    await assert_missing(client, signed(now + 24 * 3600))
    # and one signed with another key
    other = signed_path("another-secret-of-enough-length-0123456789", pk, resident.id, 0, now + 60)
    await assert_missing(client, other)
    # a signed URL is judged by its signature alone, whatever header comes with it
    token = await api.token("resident1")
    expired = await client.get(signed(now - 1), headers={"Authorization": f"Bearer {token}"})
    assert expired.status_code == 404


async def test_a_revoked_grant_ends_the_url_before_it_expires(api: Api, demo, client):
    # given: community1 reads the case through a grant
    case = await submit(api)
    await upload(api, case["id"])
    (url,) = await photo_urls(api, case["id"], as_="community1")
    assert (await client.get(url)).status_code == 200
    # when
    await models.RoleGrant.filter(user__username="community1").update(revoked_at=datetime.now(UTC))
    # then
    await assert_missing(client, url)


async def test_signing_out_or_a_deactivated_account_ends_the_url(api: Api, demo, client):
    # given
    case = await submit(api)
    photo = await upload(api, case["id"])
    (community_url,) = await photo_urls(api, case["id"], as_="community1")
    assert (await client.get(photo["url"])).status_code == 200
    # when: resident1 signs out, community1's account is switched off
    await api.gql(LOGOUT, as_="resident1")
    await models.User.filter(username="community1").update(is_active=False)
    # then
    await assert_missing(client, photo["url"])
    await assert_missing(client, community_url)


async def test_a_missing_file_and_a_forged_url_look_the_same(api: Api, demo, client):
    # given
    case = await submit(api)
    photo = await upload(api, case["id"])
    token = await api.token("resident1")
    # when
    missing = await client.get("/attachments/999999", headers={"Authorization": f"Bearer {token}"})
    forged = await client.get(with_query(photo["url"], sig="A" * 43))
    huge = await client.get("/attachments/99999999999999999999999")
    # then
    for response in (forged, huge):
        assert response.status_code == missing.status_code == 404
        assert response.content == missing.content
        assert response.headers["content-type"] == missing.headers["content-type"]


async def test_the_header_still_works_for_the_plain_path(api: Api, demo, client):
    case = await submit(api)
    photo = await upload(api, case["id"])
    plain = urlsplit(photo["url"]).path
    token = await api.token("resident1")
    assert (await client.get(plain)).status_code == 404
    response = await client.get(plain, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    # and the browser asks again next time, so a revoked grant ends access at once
    assert response.headers["cache-control"] == "private, no-cache"
