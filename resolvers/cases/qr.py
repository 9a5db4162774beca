"""A building's QR code and submission without login ("码上扫心愿")."""

import secrets
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import models
from policies.actions import Action
from resolvers.cases.submitting import SubmitInput, case_values, create_case
from resolvers.context import Context
from resolvers.errors import Invalid, RateLimited
from resolvers.org import node_to_act_on
from resolvers.validation import clean_phone

QR_LIMIT_PER_ADDRESS = (10, 60.0)  # submissions per client address per minute


QR_LIMIT_PER_TOKEN = (60, 3600.0)  # submissions per building code per hour


async def _building_for_qr(ctx: Context, building_id: int) -> models.OrgNode:
    return await node_to_act_on(
        ctx, building_id, "buildingId", may=Action.QR_ROTATE,
        refused="You may not manage this building's QR code.", what="building",
        level=models.OrgLevel.BUILDING, wrong_level="QR codes belong to buildings.", live=False,
    )  # fmt: skip


async def building_qr_token(ctx: Context, building_id: int) -> str:
    node = await _building_for_qr(ctx, building_id)
    row, _ = await models.BuildingQrToken.get_or_create(
        {"token": secrets.token_urlsafe(24)}, building_id=node.id
    )
    return row.token


async def rotate_building_qr_token(ctx: Context, building_id: int) -> str:
    """A new code for the building; the old one stops working at once."""
    node = await _building_for_qr(ctx, building_id)
    token = secrets.token_urlsafe(24)
    await models.BuildingQrToken.update_or_create({"token": token}, building_id=node.id)
    return token


@dataclass(frozen=True)
class QrSubmission:
    token: str
    idempotency_key: str
    name: str
    phone: str
    case: SubmitInput  # node_id is ignored: the code says which building


async def submit_case_by_qr(ctx: Context, data: QrSubmission, client: str) -> models.Case:
    """No login: the building's code stands for the place, name and phone for the person."""
    limiter = ctx.services.rate_limiter
    if not limiter.allow(f"qr-address:{client}", *QR_LIMIT_PER_ADDRESS) or not limiter.allow(
        f"qr-token:{data.token}", *QR_LIMIT_PER_TOKEN
    ):
        raise RateLimited("Too many submissions; try again in a while.")
    key = data.idempotency_key.strip()
    if not 8 <= len(key) <= 64:
        raise Invalid("An idempotency key has 8 to 64 characters.", field="idempotencyKey")
    code = await models.BuildingQrToken.get_or_none(token=data.token)
    if code is None:
        raise Invalid("Unknown or replaced QR code.", field="token")
    first = await models.Case.get_or_none(qr_building_id=code.building_id, idempotency_key=key)
    if first is not None:
        return first
    name = " ".join(data.name.split())
    if not 1 <= len(name) <= 50:
        raise Invalid("A name has 1 to 50 characters.", field="name")
    phone = clean_phone(data.phone)
    node = await models.OrgNode.get(id=code.building_id)
    if data.case.kind is models.CaseKind.DISPUTE:
        raise Invalid("Disputes are raised with the community, not by QR code.", field="kind")
    values = await case_values(node, data.case)
    values |= {
        "reporter_name": name,
        "reporter_phone": phone,
        "qr_building_id": node.id,
        "idempotency_key": key,
    }
    try:
        # A savepoint: on PostgreSQL a failed insert would abort the whole transaction,
        # and the first case could not be read back.
        async with in_transaction():
            return await create_case(values, None, "submitted by QR code")
    except IntegrityError:  # the same key raced in from a second tab
        return await models.Case.get(qr_building_id=node.id, idempotency_key=key)
