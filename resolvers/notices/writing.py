"""Posting, changing and withdrawing notices (公告, 公示) at a node (notice.write in scope).

A notice's content and times change only while it is scheduled; once published only its expiry
moves, or it is withdrawn (models/workflows/notices.py). Notices of kind POINTS belong to their
quarterly points notice and never change here.
"""

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime

import models
from models.workflows import notices as workflow
from policies.actions import Action
from policies.notices import may_write_notices_at
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.errors import Conflict, Forbidden, Invalid
from resolvers.errors import refusing as refusing_rules
from resolvers.live.events import Topic, announce
from resolvers.notices.reading import get_notice, now
from resolvers.org import node_to_act_on
from resolvers.scoping import found
from resolvers.text import clean_text

REFUSED = "notices.may_not_write"


def refusing() -> AbstractContextManager[None]:
    """Runs the workflow's checks: a refusal raises the error the API answers."""
    return refusing_rules(workflow.NoticeError)


def _title(text: str) -> str:
    return clean_text(text, "title", limit=workflow.MAX_TITLE, what="A title")


def _body(text: str) -> str:
    return clean_text(
        text, "body", limit=workflow.MAX_BODY, what="A body", required=False, multiline=True
    )


@dataclass(frozen=True)
class NewNotice:
    node_id: int
    kind: models.NoticeKind
    title: str
    body: str
    published_at: datetime | None = None  # None: now
    expires_at: datetime | None = None


async def create_notice(ctx: Context, new: NewNotice) -> models.Notice:
    me = require_user(ctx)
    node = await node_to_act_on(
        ctx, new.node_id, "nodeId", may=Action.NOTICE_WRITE, refused=REFUSED
    )
    title, body = _title(new.title), _body(new.body)
    moment = now()
    published_at = new.published_at or moment
    with refusing():
        workflow.check_kind(new.kind)
        workflow.check_timing(workflow.Timing(published_at, new.expires_at), moment)
    ctx.services.public_pages.forget_under(node.path)
    notice = await models.Notice.create(
        node_id=node.id, node_path=node.path, kind=new.kind, title=title, body=body,
        published_at=published_at, expires_at=new.expires_at, created_by_id=me.id,
    )  # fmt: skip
    if published_at <= moment:
        # Published now; a scheduled one is announced when its time comes (the bus's clock).
        announce(Topic.NOTICE, notice.id, notice.node_path)
    return notice


async def _notice_to_change(ctx: Context, pk: int) -> models.Notice:
    """A notice the viewer reads and may write at; out of read scope it is NOT_FOUND."""
    require_user(ctx)
    notice = found(await get_notice(ctx, pk), "notices.no_notice", "id")
    if not may_write_notices_at(ctx.viewer, notice.node_path):
        raise Forbidden(REFUSED, field="id")
    audit.before(ctx, notice)
    ctx.services.public_pages.forget_under(notice.node_path)  # the public pages below
    return notice


@dataclass(frozen=True)
class NoticeChange:
    """Fields to change; None leaves one as it is. `clear_expiry` removes the expiry."""

    kind: models.NoticeKind | None = None
    title: str | None = None
    body: str | None = None
    published_at: datetime | None = None
    expires_at: datetime | None = None
    clear_expiry: bool = False

    @property
    def content_fields(self) -> dict[str, object]:
        named = {
            "kind": self.kind,
            "title": self.title,
            "body": self.body,
            "published_at": self.published_at,
        }
        return {name: value for name, value in named.items() if value is not None}


async def update_notice(ctx: Context, pk: int, change: NoticeChange) -> models.Notice:
    """While scheduled: anything; once published: the expiry only (CONFLICT otherwise)."""
    notice = await _notice_to_change(ctx, pk)
    content = change.content_fields
    moves_expiry = change.clear_expiry or change.expires_at is not None
    if not content and not moves_expiry:
        raise Invalid("notices.nothing_to_change", field="input")
    title = _title(change.title) if change.title is not None else notice.title
    body = _body(change.body) if change.body is not None else notice.body
    expires_at = None if change.clear_expiry else change.expires_at or notice.expires_at
    moment = now()
    with refusing():
        if content:
            workflow.check_changeable(notice.kind, notice.published_at, notice.withdrawn_at, moment)
            if change.kind is not None:
                workflow.check_kind(change.kind)
            published_at = change.published_at or notice.published_at
            workflow.check_timing(workflow.Timing(published_at, expires_at), moment)
        else:
            published_at = notice.published_at
            workflow.check_expiry_change(
                notice.kind, notice.published_at, notice.withdrawn_at, expires_at, moment
            )
    notice.kind = change.kind or notice.kind
    notice.title, notice.body = title, body
    notice.published_at, notice.expires_at = published_at, expires_at
    await notice.save()
    return notice


async def withdraw_notice(ctx: Context, pk: int) -> models.Notice:
    """Takes a notice off at once (kept for the record, staff still read it)."""
    me = require_user(ctx)
    notice = await _notice_to_change(ctx, pk)
    with refusing():
        workflow.check_withdrawable(notice.kind, notice.withdrawn_at)
    # Conditional: a second withdrawal racing this one changes nothing and is CONFLICT.
    moment = now()
    changed = await models.Notice.filter(id=notice.id, withdrawn_at__isnull=True).update(
        withdrawn_at=moment, withdrawn_by_id=me.id
    )
    if not changed:
        raise Conflict("notices.withdrawn", field="id")
    notice.withdrawn_at, notice.withdrawn_by_id = moment, me.id
    return notice
