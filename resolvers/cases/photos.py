"""Case photos: recognised by content, stored by content hash, served to the case's readers."""

import hashlib
import secrets
from pathlib import Path

import models
from policies.authorizer import may_add_photos
from resolvers.auth import require_user
from resolvers.cases.reading import case_for, get_case
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid
from resolvers.offload import run_off_loop

MAX_PHOTO_BYTES = 10 * 1024 * 1024


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


async def add_case_attachment(ctx: Context, case_id: int, content: bytes) -> models.CaseAttachment:
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
