"""Errors a caller can act on.

DomainError
 ├── Invalid             the input is malformed or breaks a rule (INVALID)
 ├── Unauthenticated     no valid token (UNAUTHENTICATED)
 ├── Forbidden           a write the viewer may not make (FORBIDDEN)
 ├── NotFound            missing, or outside the viewer's scope on a read (NOT_FOUND)
 ├── Conflict            clashes with existing data (CONFLICT)
 ├── InvalidTransition   not allowed from the current state (INVALID_TRANSITION)
 └── RateLimited         too many attempts (RATE_LIMITED)
"""

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from enum import StrEnum
from typing import Any, TypeVar

from tortoise.exceptions import IntegrityError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models.workflows.refusals import RuleRefusal
from resolvers.messages import ENGLISH, Language, is_key, render


class ErrorCode(StrEnum):
    INVALID = "INVALID"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    RATE_LIMITED = "RATE_LIMITED"


class DomainError(Exception):
    """An error with a message key from `resolvers.messages` and its parameters; the message is
    written in the request's language where the error is answered (`message_in`)."""

    code: ErrorCode = ErrorCode.INVALID
    default_key = "error.invalid"

    def __init_subclass__(cls, *, code: ErrorCode | None = None, key: str | None = None) -> None:
        super().__init_subclass__()
        if code is not None:
            cls.code = code
        if key is not None:
            cls.default_key = key

    def __init__(self, key: str | None = None, *, field: str | None = None, **params: object):
        # Not a key: English text from code that has no key yet (still answered, see message_in).
        self.key = key or self.default_key
        self.params = params
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """In English: for logs and the command line."""
        return self.message_in(ENGLISH)

    def message_in(self, language: Language) -> str:
        if is_key(self.key):
            return render(self.key, self.params, language)
        generic = render(self.default_key, {}, language)
        return render("error.untranslated", {"text": self.key, "generic": generic}, language)

    @property
    def extensions(self) -> dict[str, Any]:
        """graphql-core copies this onto the GraphQL error when a query field raises."""
        return {"code": self.code.value, "field": self.field}


# Each subclass is one code and its default message (the tree above).
class Invalid(DomainError, code=ErrorCode.INVALID, key="error.invalid"): ...


class Unauthenticated(DomainError, code=ErrorCode.UNAUTHENTICATED, key="error.unauthenticated"): ...


class Forbidden(DomainError, code=ErrorCode.FORBIDDEN, key="error.forbidden"): ...


class NotFound(DomainError, code=ErrorCode.NOT_FOUND, key="error.not_found"): ...


class Conflict(DomainError, code=ErrorCode.CONFLICT, key="error.conflict"): ...


class InvalidTransition(
    DomainError, code=ErrorCode.INVALID_TRANSITION, key="error.invalid_transition"
): ...


class RateLimited(DomainError, code=ErrorCode.RATE_LIMITED, key="error.rate_limited"): ...


Refusal = TypeVar("Refusal", bound=Exception)
M = TypeVar("M", bound=Model)


@contextmanager
def translated(kind: type[Refusal], convert: Callable[[Refusal], Exception]) -> Iterator[None]:
    """Runs a pure rules module's checks: its refusal (a `kind`) raises `convert(refusal)`, the
    error the API answers."""
    try:
        yield
    except kind as error:
        raise convert(error) from None


def refused(error: RuleRefusal) -> "Invalid | Conflict | InvalidTransition":
    """A pure rules module's refusal as the error the API answers."""
    kind = InvalidTransition if error.transition else Conflict if error.conflict else Invalid
    return kind(error.key, field=error.field, **error.params)


def refusing(kind: type[RuleRefusal]) -> AbstractContextManager[None]:
    """Runs a rules module's checks: its refusal (a `kind`) raises the error the API answers."""
    return translated(kind, refused)


@asynccontextmanager
async def unique_or(conflict: DomainError) -> AsyncIterator[None]:
    """Inserts that a unique index allows once, in a savepoint: where a row landed first (a race
    the checks before could not see) the index refuses them as `conflict`, and the mutation's
    transaction goes on to roll back cleanly (on PostgreSQL a refused insert outside a
    savepoint would abort it)."""
    try:
        async with in_transaction():
            yield
    except IntegrityError as error:
        raise conflict from error


async def create_once(
    model: type[M], conflict: DomainError, unique: dict[str, Any], **values: Any
) -> M:
    """A new row that a unique index over the `unique` columns allows once: where one is there
    already, or lands first in a race, `conflict` instead."""
    if await model.exists(**unique):
        raise conflict
    async with unique_or(conflict):
        return await model.create(**unique, **values)
