"""Relay global ids: base64 of `<TypeName>:<primary key>`."""

import base64
import binascii

from resolvers.errors import Invalid

# Primary keys are 32-bit integers on PostgreSQL: a larger number names nothing.
MAX_PK = 2**31 - 1


def encode_global_id(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode_global_id(global_id: str, *, field: str = "id") -> tuple[str, int]:
    try:
        raw = base64.b64decode(global_id.encode(), validate=True).decode()
        type_name, pk_text = raw.split(":", 1)
        pk = int(pk_text)
    except (binascii.Error, UnicodeError, ValueError) as error:
        raise Invalid("id.invalid", field=field) from error
    if not type_name or not 0 < pk <= MAX_PK:
        raise Invalid("id.invalid", field=field)
    return type_name, pk


def decode_id_of(global_id: str, type_name: str, *, field: str = "id") -> int:
    """The primary key of a `type_name` id; an id of another type is invalid here."""
    actual, pk = decode_global_id(global_id, field=field)
    if actual != type_name:
        raise Invalid("id.wrong_type", field=field, expected=type_name, actual=actual)
    return pk
