"""Case photos (sniffed, stored by content hash) and QR submission ("码上扫心愿")."""

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

import models
from policies.actions import Action
from policies.authorizer import may_add_photos
from resolvers.auth import require_user
from resolvers.cases import SubmitInput, case_for, case_values, create_case, get_case
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid, NotFound, RateLimited
from resolvers.offload import run_off_loop
from resolvers.org import get_org_node
from resolvers.validation import clean_phone

MAX_PHOTO_BYTES = 10 * 1024 * 1024
QR_LIMIT_PER_ADDRESS = (10, 60.0)  # submissions per client address per minute
QR_LIMIT_PER_TOKEN = (60, 3600.0)  # submissions per building code per hour


def sniff_image(content: bytes) -> str | None:
    """The content type by the file's own bytes, never by its name."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def attachment_path(data_dir: Path, sha256: str) -> Path:
    return data_dir / "attachments" / sha256[:2] / sha256


def store_photo(data_dir: Path, content: bytes) -> str:
    """Keep the file under its SHA-256 (the same photo twice is stored once); return the hash."""
    digest = hashlib.sha256(content).hexdigest()
    path = attachment_path(data_dir, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Its own name: two uploads of the same photo may be written at the same time.
        partial = path.with_suffix(f".{secrets.token_hex(4)}.part")
        try:
            partial.write_bytes(content)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return digest


async def add_attachment(ctx: Context, case_id: int, content: bytes) -> models.CaseAttachment:
    """Photos by the people handling a case (policies.authorizer.may_add_photos)."""
    user = require_user(ctx)
    case = await case_for(ctx, case_id)
    node = await models.OrgNode.get(id=case.node_id)
    if not may_add_photos(ctx.viewer, case.reporter_user_id, case.assignee_id, node.path):
        raise Forbidden("Only people handling the case add photos.", field="caseId")
    if len(content) > MAX_PHOTO_BYTES:
        raise Invalid("A photo is at most 10 MB.", field="file")
    content_type = sniff_image(content)
    if content_type is None:
        raise Invalid("Photos are JPEG, PNG or WebP files.", field="file")
    digest = await run_off_loop(
        ctx.services.file_limiter, store_photo, ctx.services.data_dir, content
    )
    return await models.CaseAttachment.create(
        case_id=case.id,
        sha256=digest,
        content_type=content_type,
        size=len(content),
        uploaded_by_id=user.id,
    )


async def readable_attachment(ctx: Context, pk: int) -> tuple[models.CaseAttachment, Path] | None:
    """An attachment of a case the viewer may read, and its file."""
    attachment = await models.CaseAttachment.get_or_none(id=pk)
    if attachment is None or ctx.user is None or await get_case(ctx, attachment.case_id) is None:
        return None
    return attachment, attachment_path(ctx.services.data_dir, attachment.sha256)


# ------------------------------------------------------------------ QR codes


async def _building_for_qr(ctx: Context, building_id: int) -> models.OrgNode:
    require_user(ctx)
    node = await get_org_node(ctx, building_id)
    if node is None:
        raise NotFound("No such building.", field="buildingId")
    if node.level is not models.OrgLevel.BUILDING:
        raise Invalid("QR codes belong to buildings.", field="buildingId")
    if not ctx.viewer.can(Action.QR_ROTATE, node.path):
        raise Forbidden("You may not manage this building's QR code.", field="buildingId")
    return node


async def qr_token(ctx: Context, building_id: int) -> str:
    node = await _building_for_qr(ctx, building_id)
    row, _ = await models.BuildingQrToken.get_or_create(
        {"token": secrets.token_urlsafe(24)}, building_id=node.id
    )
    return row.token


async def rotate_qr_token(ctx: Context, building_id: int) -> str:
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
