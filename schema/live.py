"""Subscriptions (实时推送) for the live consoles, over graphql-transport-ws on /graphql."""

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from typing import TypeVar

import strawberry

import models
import resolvers.live.streams
from schema.alerts.alerts import Alert
from schema.cases.case import Case
from schema.info import Info
from schema.notices.notices import Notice
from schema.org import org_node_pk

R = TypeVar("R")
T = TypeVar("T")


async def _each(rows: AsyncIterator[R], convert: Callable[[R], T]) -> AsyncGenerator[T, None]:
    async for row in rows:
        yield convert(row)


@strawberry.type
class LiveSubscription:
    @strawberry.subscription
    async def case_changed(
        self, info: Info, node_id: strawberry.ID, kinds: list[models.CaseKind] | None = None
    ) -> AsyncGenerator[Case, None]:
        pk = org_node_pk(node_id, "nodeId")
        rows = await resolvers.live.streams.case_changed(info.context, pk, kinds)
        return _each(rows, Case.from_model)

    @strawberry.subscription
    async def notice_published(
        self, info: Info, node_id: strawberry.ID
    ) -> AsyncGenerator[Notice, None]:
        pk = org_node_pk(node_id, "nodeId")
        rows = await resolvers.live.streams.notice_published(info.context, pk)
        return _each(rows, Notice.from_model)

    @strawberry.subscription
    async def alert_raised(self, info: Info, node_id: strawberry.ID) -> AsyncGenerator[Alert, None]:
        pk = org_node_pk(node_id, "nodeId")
        rows = await resolvers.live.streams.alert_raised(info.context, pk)
        return _each(rows, Alert.from_model)
