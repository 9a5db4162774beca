"""The subscriptions' event streams: each waits on the bus, keeps the events under its node,
checks the subscriber again and reads the object with the subscriber's own scope (the same
filters as the lists: policies/), so an event delivers exactly what a query would show.

A node out of the subscriber's scope is NOT_FOUND, as if missing, before anything is
subscribed (the functions check, then return the stream). An event's path says only where to
look; the object is read again from the database, never taken from the event. When the
subscribed node moves with a subtree (moveOrgNode), its path is read again, with the
subscriber's scope, as soon as the MOVE event arrives: the subscription follows the node, and
ends with NOT_FOUND then if the node is no longer in scope.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from tortoise.models import Model

import models
from policies.notices import current_notices
from resolvers.alerts.reading import ALERTS
from resolvers.cases.reading import CASES, now
from resolvers.context import Context
from resolvers.errors import Unauthenticated
from resolvers.live.events import Event, Topic
from resolvers.live.session import grants_changed, still_signed_in
from resolvers.notices.reading import readable_notices
from resolvers.org import get_org_node
from resolvers.scoping import found

M = TypeVar("M", bound=Model)


@dataclass
class Place:
    """The subscribed node and its path as last read."""

    node_id: int
    path: str
    moved: bool = False

    def notice(self, event: Event) -> None:
        """A MOVE event: the node moved if it lies in the moved subtree (by its old path)."""
        if below(self.path, event.path):
            self.moved = True

    async def look_again(self, ctx: Context) -> None:
        """After a move: the node's new path, read with the subscriber's current scope."""
        self.path = (await place_of(ctx, self.node_id)).path
        self.moved = False


async def place_of(ctx: Context, node_id: int) -> Place:
    """The subscribed node; out of scope looks exactly like missing."""
    node = found(await get_org_node(ctx, node_id), "org.no_node", "nodeId")
    return Place(node.id, node.path)


async def _signed_in(ctx: Context) -> None:
    if not await still_signed_in(ctx):
        # The token expired, or they logged out, changed password, were deactivated.
        raise Unauthenticated("auth.session_ended")


def below(path: str, node: str) -> bool:
    """An object at `path` lies in the subtree at `node` (paths end with the separator)."""
    return path.startswith(node)


async def _stream(
    ctx: Context,
    topic: Topic,
    place: Place,
    wanted: Callable[[Event], bool],
    read: Callable[[int], Awaitable[M | None]],
) -> AsyncIterator[M]:
    with ctx.services.live.subscribe({topic, Topic.GRANT, Topic.MOVE}) as events:
        lost = events.dropped
        async for event in events:
            if events.dropped != lost and ctx.live is not None:
                # Events were dropped (a reader too slow for a large batch): a GRANT or MOVE
                # among them would be missed, so read both the grants and the node again.
                lost = events.dropped
                grants_changed(ctx, ctx.live.user_id)
                place.moved = True
            if event.topic is Topic.GRANT:
                grants_changed(ctx, event.object_id)
                continue
            if event.topic is Topic.MOVE:
                place.notice(event)
            if place.moved:
                # At once (a node moved out of scope ends now, not at some later event), with
                # the grants read again: the move changed scopes too, announced before it.
                await _signed_in(ctx)
                await place.look_again(ctx)
            if event.topic is Topic.MOVE or not wanted(event):
                continue
            await _signed_in(ctx)
            row = await read(event.object_id)
            if row is not None:
                yield row


async def case_changed(
    ctx: Context, node_id: int, kinds: list[models.CaseKind] | None
) -> AsyncIterator[models.Case]:
    """Cases under the node, as the subscriber reads them, each time one is submitted or moves
    (accepted, dispatched, claimed, resolved, rated, verified, rejected)."""
    place = await place_of(ctx, node_id)

    async def read(pk: int) -> models.Case | None:
        query = CASES.rows(ctx).filter(models.in_subtree(place.path, "node_path"), id=pk)
        if kinds:
            query = query.filter(kind__in=kinds)
        row: models.Case | None = await query.first()
        return row

    return _stream(ctx, Topic.CASE, place, lambda event: below(event.path, place.path), read)


async def notice_published(ctx: Context, node_id: int) -> AsyncIterator[models.Notice]:
    """Notices the subscriber reads, posted at the node, below it or above it (a street's
    notice concerns each of its buildings), as each is published."""
    place = await place_of(ctx, node_id)

    def wanted(event: Event) -> bool:
        return below(event.path, place.path) or below(place.path, event.path)

    async def read(pk: int) -> models.Notice | None:
        row: models.Notice | None = (
            await readable_notices(ctx).filter(current_notices(now()), id=pk).first()
        )
        return row if row is not None and wanted(Event(Topic.NOTICE, pk, row.node_path)) else None

    return _stream(ctx, Topic.NOTICE, place, wanted, read)


async def alert_raised(ctx: Context, node_id: int) -> AsyncIterator[models.Alert]:
    """Alerts (告警) under the node the subscriber reads, as each is raised and again when it is
    escalated: the building's stewards and the grid hear it at once, the community once it
    has been escalated (policies/alerts.py)."""
    place = await place_of(ctx, node_id)

    async def read(pk: int) -> models.Alert | None:
        query = ALERTS.rows(ctx).filter(models.in_subtree(place.path, "node_path"), id=pk)
        row: models.Alert | None = await query.first()
        return row

    return _stream(ctx, Topic.ALERT, place, lambda event: below(event.path, place.path), read)
