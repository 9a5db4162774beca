"""Signed photo URLs: what an `<img>` can load without an Authorization header.

`/attachments/<id>?user=<viewer id>&ver=<viewer's token version>&expires=<unix>&sig=<mac>`,
where `mac` is HMAC-SHA256 over those four numbers under a key derived from the app secret. It
is good for that one file, for the viewer it was signed for, until it expires (minutes). The
login token never goes into a URL. On download the viewer must still be active, on the same
token version (signing out or a new password ends their links too) and still read the case,
so a revoked grant ends a link before it expires. Anything else answers as a missing file.
"""

import base64
import hashlib
import hmac
import math
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import models
from resolvers.auth import context_for
from resolvers.cases.photos import readable_attachment
from resolvers.context import Context, Services

# A key of its own, so that no other use of the secret (token signatures) makes one of these.
KEY_CONTEXT = b"loudong:attachment-url:v1"
# Expiries are rounded up to a whole minute: a page that asks again within it gets the same URL,
# and so the image the browser has cached.
EXPIRY_STEP = 60
PARAMS = ("user", "ver", "expires", "sig")
# Numbers as they are signed: ASCII digits, no sign, no leading zero, at most 18 digits.
_NUMBER = re.compile(r"(0|[1-9][0-9]{0,17})")
_SIGNATURE = re.compile(r"[A-Za-z0-9_-]{43}")


@dataclass(frozen=True)
class Signed:
    user_id: int
    version: int
    expires: int
    sig: str


def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), KEY_CONTEXT, hashlib.sha256).digest()


def signature(secret: str, attachment_id: int, user_id: int, version: int, expires: int) -> str:
    message = f"{attachment_id}.{user_id}.{version}.{expires}".encode()
    digest = hmac.new(_key(secret), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def signed_path(secret: str, attachment_id: int, user_id: int, version: int, expires: int) -> str:
    sig = signature(secret, attachment_id, user_id, version, expires)
    return f"/attachments/{attachment_id}?user={user_id}&ver={version}&expires={expires}&sig={sig}"


def attachment_url(ctx: Context, attachment_id: int, now: float | None = None) -> str:
    """A signed URL for the viewer (who reads the case, or the attachment would not be shown);
    without a viewer, the plain path that needs the Authorization header."""
    if ctx.user is None:
        return f"/attachments/{attachment_id}"
    now = time.time() if now is None else now
    lifetime = ctx.services.attachment_url_ttl.total_seconds()
    expires = math.ceil((now + lifetime) / EXPIRY_STEP) * EXPIRY_STEP
    return signed_path(
        ctx.services.secret, attachment_id, ctx.user.id, ctx.user.token_version, expires
    )


def is_signed(query: Mapping[str, str]) -> bool:
    """A request that brings any part of a signature is judged by its signature alone."""
    return any(name in query for name in PARAMS)


def parse(values: Mapping[str, Sequence[str]]) -> Signed | None:
    """The signature's parts, each given exactly once and written as it was signed."""
    parts: dict[str, str] = {}
    for name in PARAMS:
        given = values.get(name, ())
        if len(given) != 1:
            return None
        parts[name] = given[0]
    numbers = [parts[name] for name in ("user", "ver", "expires")]
    if not all(_NUMBER.fullmatch(number) for number in numbers):
        return None
    if not _SIGNATURE.fullmatch(parts["sig"]):
        return None
    user_id, version, expires = (int(number) for number in numbers)
    return Signed(user_id=user_id, version=version, expires=expires, sig=parts["sig"])


async def signed_attachment(
    services: Services, attachment_id: int, signed: Signed, now: float | None = None
) -> tuple[models.CaseAttachment, Path] | None:
    """The attachment and its file when the signature is ours, for this file, unexpired, and its
    viewer still may read the case; None for anything else (the caller answers 404)."""
    now = time.time() if now is None else now
    expected = signature(
        services.secret, attachment_id, signed.user_id, signed.version, signed.expires
    )
    if not hmac.compare_digest(expected, signed.sig):
        return None  # forged, tampered, or signed for another file: no database work at all
    latest = now + services.attachment_url_ttl.total_seconds() + EXPIRY_STEP
    if not now < signed.expires <= latest:
        return None  # expired (or signed when links lived longer than they do now)
    user = await models.User.get_or_none(id=signed.user_id, is_active=True)
    if user is None or user.token_version != signed.version:
        return None
    ctx = await context_for(services, user)
    return await readable_attachment(ctx, attachment_id)
