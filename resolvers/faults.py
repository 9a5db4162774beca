"""Which failures mean "the database cannot be reached right now" (answered as UNAVAILABLE)."""

import socket

import asyncpg
from tortoise.exceptions import DBConnectionError

UNAVAILABLE_MESSAGE = "The database is unavailable; try again in a moment."

_UNAVAILABLE: tuple[type[BaseException], ...] = (
    # Refused, reset or broken connections, unknown host names, timeouts (asyncpg's
    # command_timeout and connect timeout raise TimeoutError).
    ConnectionError,
    socket.gaierror,
    TimeoutError,
    # The server closed the connection, or is shutting down, starting up or out of slots.
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    # A connection the server has just ended (its FATAL message read, its socket not yet
    # closed) refuses the next statement with "cannot switch to state ...; another operation
    # is in progress" (seen when PostgreSQL restarts); asyncpg closes it a moment later.
    asyncpg.InternalClientError,
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.InsufficientResourcesError,
    DBConnectionError,
)


def _is_unavailable(error: BaseException) -> bool:
    # asyncio raises a plain OSError when every address of a host refused the connection; its
    # subclasses (a missing file, a full disk) are other faults.
    return isinstance(error, _UNAVAILABLE) or type(error) is OSError


def database_unavailable(error: BaseException | None) -> bool:
    """Is `error`, or an error it was raised from or while handling, a lost database?"""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if _is_unavailable(error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False
