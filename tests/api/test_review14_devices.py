"""Outside review of issue 14 (POST /devices/events): findings as strict xfail tests."""

import time

import pytest

import models


async def test_deeply_nested_json_is_a_400_not_an_unexpected_error(client, demo) -> None:
    body = b"[" * 2000 + b"]" * 2000
    assert len(body) <= 4096
    headers = {
        "X-Device-Id": "dev-unknown",
        "X-Timestamp": str(int(time.time())),
        "X-Signature": "0" * 64,  # no secret needed: the body is parsed before the signature
        "Content-Type": "application/json",
    }
    try:
        response = await client.post("/devices/events", content=body, headers=headers)
    except RecursionError:  # the ASGI test client re-raises what the server did not catch
        pytest.fail("RecursionError escaped the endpoint")
    assert response.status_code in (400, 401), response.status_code
    assert await models.DeviceEventSeen.all().count() == 0
