"""Device secrets and the signatures of their events.

A device's secret is never stored. It is HMAC-SHA256(server secret, "device:<uid>:<salt>"),
made again whenever a signature is checked, from the random salt the device's row keeps: a copy
of the database alone (a backup, a read replica, a leaked dump) does not sign a single event,
and rotating a secret draws a new salt, which makes the old secret worthless at once. Storing
the secret encrypted would need the same server key and more moving parts; storing a hash of it
would not do, since checking an HMAC needs the key itself. The price: changing LOUDONG_SECRET
changes every device's secret (they must all be rotated and re-provisioned), which docs say.
"""

import hashlib
import hmac
import secrets

SIGNATURE_HEX = 64


def new_uid() -> str:
    """The public id of a new device (X-Device-Id): random, so ids cannot be enumerated."""
    return f"dev-{secrets.token_hex(12)}"


def new_salt() -> str:
    return secrets.token_hex(16)


def device_secret(server_secret: str, uid: str, salt: str) -> str:
    """The device's secret, as shown once at registration (hex, 64 characters)."""
    message = f"device:{uid}:{salt}".encode()
    return hmac.new(server_secret.encode(), message, hashlib.sha256).hexdigest()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256(secret, "<timestamp>.<raw body>"), hex: what a gateway sends in X-Signature."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def matches(expected: str, given: str) -> bool:
    """In constant time, whatever the first differing character."""
    return hmac.compare_digest(expected.encode(), given.encode())
