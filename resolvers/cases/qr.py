"""A building's QR code and submission without login ("码上扫心愿")."""

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError

import models
from policies.actions import Action
from resolvers.audit import trail as audit
from resolvers.cases.submitting import SubmitInput, case_content, case_values, create_case
from resolvers.clients import client_address
from resolvers.context import Context
from resolvers.errors import Conflict, Invalid
from resolvers.org import node_to_act_on
from resolvers.ratelimit import Budget, spend_or_refuse
from resolvers.text import clean_text
from resolvers.validation import clean_phone

# An anonymous submission spends from three budgets, only once it is well-formed: its client
# address's, its (code, client)'s, and the code's own, which is generous so that it is not one
# client who can spend it for a whole building.
QR_PER_ADDRESS = Budget("qr-address", limit=10, seconds=60.0)
QR_PER_CODE_AND_CLIENT = Budget("qr-code-client", limit=10, seconds=3600.0)
QR_PER_CODE = Budget("qr-code", limit=200, seconds=3600.0)
TOO_MANY = "qr.too_many"
# secrets.token_urlsafe(24) makes 32 of these; an idempotency key is a UUID or the like.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEY_SHAPE = re.compile(r"[A-Za-z0-9_.:-]{8,64}")
MAX_NAME = 50


async def _building_for_qr(ctx: Context, building_id: int) -> models.OrgNode:
    return await node_to_act_on(
        ctx, building_id, "buildingId", may=Action.QR_ROTATE,
        refused="qr.refused", what="building",
        level=models.OrgLevel.BUILDING, wrong_level="qr.buildings_only", live=False,
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
    ctx.services.public_pages.forget(node.id)  # its public page (三亮), issue 13
    return token


@dataclass(frozen=True)
class QrSubmission:
    token: str
    idempotency_key: str
    name: str
    phone: str
    case: SubmitInput  # node_id is ignored: the code says which building


@dataclass(frozen=True)
class QrReceipt:
    """All an anonymous submitter learns back, also when repeating a key: never the case."""

    reference: int  # the case's id
    status: models.CaseStatus
    submitted_at: datetime


def _checked(data: QrSubmission) -> tuple[str, dict[str, Any]]:
    """The idempotency key and the cleaned content; INVALID before anything is counted."""
    key = data.idempotency_key.strip()
    if not KEY_SHAPE.fullmatch(key):
        raise Invalid(
            "qr.idempotency_key",
            field="idempotencyKey",
        )
    if not TOKEN_SHAPE.fullmatch(data.token):
        raise Invalid("qr.unknown", field="token")
    if data.case.kind is models.CaseKind.DISPUTE:
        raise Invalid("qr.no_disputes", field="kind")
    content = case_content(data.case) | {
        "reporter_name": clean_text(data.name, "name", limit=MAX_NAME, what="A name"),
        "reporter_phone": clean_phone(data.phone),
        "category": (data.case.category or "").strip().upper() or None,
    }
    return key, content


def _content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _receipt(case: models.Case, content_hash: str) -> QrReceipt:
    """The receipt of the case a key made; CONFLICT when the key came with other content."""
    # Cases submitted before content was hashed (NULL) cannot be compared: their receipt.
    if case.qr_content_hash not in (None, content_hash):
        raise Conflict(
            "qr.key_reused",
            field="idempotencyKey",
        )
    return QrReceipt(reference=case.id, status=case.status, submitted_at=case.created_at)


async def submit_case_by_qr(ctx: Context, data: QrSubmission) -> QrReceipt:
    """No login: the building's code stands for the place, name and phone for the person.
    Repeating an idempotency key with the same content answers the first case's receipt."""
    key, content = _checked(data)
    content_hash = _content_hash(content)
    limits, client = ctx.services.rate_limits, client_address(ctx)
    await spend_or_refuse(limits, QR_PER_ADDRESS, client, message_key=TOO_MANY)
    code = await models.BuildingQrToken.get_or_none(token=data.token)
    if code is None:
        raise Invalid("qr.unknown", field="token")
    first = await models.Case.get_or_none(qr_building_id=code.building_id, idempotency_key=key)
    if first is not None:
        return _receipt(first, content_hash)
    code_key = str(code.building_id)
    await spend_or_refuse(
        limits, QR_PER_CODE_AND_CLIENT, f"{code_key}|{client}", message_key=TOO_MANY
    )
    await spend_or_refuse(limits, QR_PER_CODE, code_key, message_key=TOO_MANY)
    node = await models.OrgNode.get(id=code.building_id)
    values = await case_values(node, data.case)
    values |= {
        "reporter_name": content["reporter_name"],
        "reporter_phone": content["reporter_phone"],
        "qr_building_id": node.id,
        "idempotency_key": key,
        "qr_content_hash": content_hash,
    }
    try:
        # Its own transaction (the mutation has none, see schema/cases/qr.py): on PostgreSQL
        # a failed insert aborts it, and the first case is read back after it.
        async with audit.writing(ctx):
            case = await create_case(values, None, "submitted by QR code")
            audit.touched(ctx, case)
    except IntegrityError:  # the same key raced in from a second tab
        case = await models.Case.get(qr_building_id=node.id, idempotency_key=key)
    return _receipt(case, content_hash)
