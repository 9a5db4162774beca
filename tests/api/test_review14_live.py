"""Outside review of issue 14 (subscriptions): findings as strict xfail tests."""

from typing import Any

import models
from resolvers.context import Services
from tests.api.test_live import (
    building_of_street,
    community_of_street,
    post_notice,
    subscribed,
)
from tests.helpers import Api, gid
from tests.live import NOTICE_PUBLISHED, console

UNLINK = """
mutation U($id: ID!) { unlinkResidentAccount(id: $id) { errors { code field message } } }
"""


async def test_an_unlinked_residents_subscription_stops_at_once(
    api: Api,
    app: Any,
    services: Services,
    demo,
) -> None:
    building = await building_of_street(0)
    linked = await models.Resident.get(user__username="resident1")
    async with console(app, token=await api.token("resident1")) as resident:
        await subscribed(services, resident, NOTICE_PUBLISHED, {"node": gid(building)})
        before = await post_notice(api, "community1", await community_of_street(0), "解绑前")
        assert (await resident.next_data())["noticePublished"]["id"] == before
        # when: the account is untied from the resident (its RESIDENT grant revoked)
        unlinked = await api.gql(UNLINK, {"id": gid(linked)}, as_="grid1")
        assert unlinked["unlinkResidentAccount"]["errors"] == [], unlinked
        assert not await models.RoleGrant.exists(
            user__username="resident1", revoked_at__isnull=True
        )
        # then: a notice posted right after no longer reaches the former resident
        await post_notice(api, "community1", await community_of_street(0), "解绑后")
        await resident.silent(1.0)
