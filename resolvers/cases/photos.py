"""Case photos: decoded and encoded again (nothing hidden survives, EXIF and GPS included),
stored by content hash, served to the case's readers."""

import hashlib
import io
import secrets
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

import models
from policies.authorizer import may_add_photos
from resolvers.audit import trail as audit
from resolvers.auth import require_user
from resolvers.cases.reading import case_for, get_case
from resolvers.context import Context
from resolvers.errors import Forbidden, Invalid
from resolvers.offload import run_off_loop

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# A phone camera takes 50 megapixels at most; a small file claiming more is a decompression bomb.
MAX_PIXELS = 60_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def sniff_image(content: bytes) -> str | None:
    """The content type by the file's own bytes, never by its name."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(content) >= 12 and content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class Photo:
    content: bytes
    content_type: str


def reencode(content: bytes) -> Photo | None:
    """The image drawn again into a fresh file of its own format, or None when it does not
    decode as a JPEG, PNG or WebP of a sane size. Only pixels survive: a polyglot's HTML, EXIF
    (the GPS position of the phone) and any trailing bytes are gone."""
    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = probe.format
            if kind not in FORMATS or probe.width * probe.height > MAX_PIXELS:
                return None
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)  # keep how it was taken, drop the EXIF
            out = io.BytesIO()
            if kind == "JPEG":
                upright.convert("RGB").save(out, "JPEG", quality=90)
            elif kind == "PNG":
                upright.save(out, "PNG")
            else:
                upright.save(out, "WEBP", quality=90)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return Photo(out.getvalue(), FORMATS[kind])


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
        raise Forbidden("case.photos_refused", field="caseId")
    if len(content) > MAX_PHOTO_BYTES:
        raise Invalid("case.photo_size", field="file")
    photo = await run_off_loop(ctx.services.file_limiter, reencode, content)
    if sniff_image(content) is None or photo is None:
        raise Invalid("case.photo_type", field="file")
    digest = await run_off_loop(
        ctx.services.file_limiter, store_photo, ctx.services.data_dir, photo.content
    )
    async with audit.writing(ctx):
        audit.at(ctx, case.node_path)
        attachment = await models.CaseAttachment.create(
            case_id=case.id,
            sha256=digest,
            content_type=photo.content_type,
            size=len(photo.content),
            uploaded_by_id=user.id,
        )
        audit.touched(ctx, attachment)
    return attachment


async def readable_attachment(ctx: Context, pk: int) -> tuple[models.CaseAttachment, Path] | None:
    """An attachment of a case the viewer may read, and its file."""
    attachment = await models.CaseAttachment.get_or_none(id=pk)
    if attachment is None or ctx.user is None or await get_case(ctx, attachment.case_id) is None:
        return None
    return attachment, attachment_path(ctx.services.data_dir, attachment.sha256)
