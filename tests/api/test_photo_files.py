"""Photos are decoded and encoded again: nothing but pixels is stored, nothing is served as
anything but the image it is (issue 8, item 17)."""

import io
from typing import Any

import httpx
from PIL import Image

from tests.api.test_case_extras import ATTACH
from tests.api.test_cases import submit
from tests.helpers import Api, image_bytes


def gps_exif() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (27.0, 41.0, 0.0)  # the phone's latitude, as a camera writes it
    return exif.tobytes()


async def upload(api: Api, content: bytes) -> dict[str, Any]:
    case = await submit(api)
    data = await api.upload(ATTACH, {"case": case["id"]}, content, as_="resident1", name="p.jpg")
    payload: dict[str, Any] = data["addCaseAttachment"]
    return payload


async def test_a_polyglot_that_starts_like_a_jpeg_is_refused(api: Api, demo):
    polyglot = b"\xff\xd8\xff\xe0<html><script>alert(document.cookie)</script></html>"
    assert (await upload(api, polyglot))["errors"][0]["field"] == "file"


async def test_a_jpeg_is_stored_without_its_exif(api: Api, demo, client: httpx.AsyncClient):
    # given: a photo whose EXIF tells where it was taken
    original = image_bytes("JPEG", exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    # when
    payload = await upload(api, original)
    response = await client.get(
        payload["attachment"]["url"],
        headers={"Authorization": f"Bearer {await api.token('resident1')}"},
    )
    # then: the same picture, and no EXIF at all
    stored = Image.open(io.BytesIO(response.content))
    assert stored.format == "JPEG"
    assert stored.size == (16, 12)
    assert not stored.getexif()
    assert b"PhoneMaker" not in response.content


async def test_a_photo_is_served_as_an_image_only(api: Api, demo, client: httpx.AsyncClient):
    payload = await upload(api, image_bytes("PNG"))
    response = await client.get(
        payload["attachment"]["url"],
        headers={"Authorization": f"Bearer {await api.token('resident1')}"},
    )
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert response.headers["content-disposition"].startswith("inline; filename=")


async def test_a_decompression_bomb_is_refused(api: Api, demo):
    # given: a tiny PNG that claims 100,000 x 100,000 pixels
    bomb = image_bytes("PNG", size=(1, 1))
    header = bomb[:16] + (100_000).to_bytes(4, "big") + (100_000).to_bytes(4, "big") + bomb[24:]
    assert (await upload(api, header))["errors"][0]["field"] == "file"
