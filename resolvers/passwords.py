"""Argon2id password hashes, made and checked in worker threads so a login never stalls the loop."""

import secrets

from anyio import CapacityLimiter
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from resolvers.offload import run_off_loop


def make_hasher(profile: str) -> PasswordHasher:
    """A profile of `argon2.profiles` by name, or a cost of its own in PHC notation,
    `m=<KiB>,t=<passes>,p=<lanes>` (to fit a machine, or a test that needs a hash of a few ms)."""
    if "=" not in profile:
        return PasswordHasher.from_parameters(getattr(profiles, profile))
    try:
        cost = {
            key.strip(): int(value) for key, value in (p.split("=") for p in profile.split(","))
        }
        return PasswordHasher(memory_cost=cost["m"], time_cost=cost["t"], parallelism=cost["p"])
    except (KeyError, ValueError) as error:
        raise ValueError(f"A password profile reads like m=65536,t=3,p=4, not {profile}") from error


def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class Passwords:
    """The app's hasher, and the limiter that bounds how many hashes run at a time."""

    def __init__(self, hasher: PasswordHasher, limiter: CapacityLimiter) -> None:
        self.hasher = hasher
        self.limiter = limiter
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        return await run_off_loop(self.limiter, self.hasher.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await run_off_loop(
            self.limiter, verify_password, self.hasher, password_hash, password
        )

    async def verify_nobody(self, password: str) -> None:
        """Take as long as `verify` for a real account, so that the time a wrong login takes
        does not tell whether its username exists."""
        await self.verify(await self.dummy_hash(), password)

    async def dummy_hash(self) -> str:
        """A hash of nothing made with the real cost, once (the app's start-up asks for it,
        so that the first unknown username is not slower by one hash)."""
        if self._dummy_hash is None:
            self._dummy_hash = await self.hash(secrets.token_urlsafe(16))
        return self._dummy_hash
