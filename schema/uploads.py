"""Reading a multipart upload with a size bound."""

from typing import Any


async def read_upload(file: Any, limit: int) -> bytes:
    """At most `limit` bytes and one more, so a file that is too large can be told apart; the
    spooled temporary file is closed now, not at garbage collection."""
    try:
        content: bytes = await file.read(limit + 1)
    finally:
        await file.close()
    return content
