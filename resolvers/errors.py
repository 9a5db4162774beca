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

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    INVALID = "INVALID"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    RATE_LIMITED = "RATE_LIMITED"


class DomainError(Exception):
    code: ErrorCode = ErrorCode.INVALID
    default_message = "Invalid input."

    def __init_subclass__(
        cls, *, code: ErrorCode | None = None, message: str | None = None
    ) -> None:
        super().__init_subclass__()
        if code is not None:
            cls.code = code
        if message is not None:
            cls.default_message = message

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        self.message = message or self.default_message
        self.field = field
        super().__init__(self.message)

    @property
    def extensions(self) -> dict[str, Any]:
        """graphql-core copies this onto the GraphQL error when a query field raises."""
        return {"code": self.code.value, "field": self.field}


# Each subclass is one code and its default message (the tree above).
class Invalid(DomainError, code=ErrorCode.INVALID): ...


class Unauthenticated(
    DomainError,
    code=ErrorCode.UNAUTHENTICATED,
    message="Sign in first: send `Authorization: Bearer <token>`.",
): ...


class Forbidden(DomainError, code=ErrorCode.FORBIDDEN, message="You may not do this here."): ...


class NotFound(DomainError, code=ErrorCode.NOT_FOUND, message="No such object."): ...


class Conflict(
    DomainError, code=ErrorCode.CONFLICT, message="This clashes with existing data."
): ...


class InvalidTransition(
    DomainError, code=ErrorCode.INVALID_TRANSITION, message="Not allowed in the current state."
): ...


class RateLimited(
    DomainError, code=ErrorCode.RATE_LIMITED, message="Too many attempts; try again later."
): ...
