"""The roots, errors, global ids, pages and payloads, and the helpers that describe each
connection, payload and id alike."""

DATE_TIME = "(UTC, ISO 8601 with offset)"
IN_NODE = "Only those in this node's subtree; a node the viewer cannot read is NOT_FOUND."


def connection(type_name: str, plural: str) -> dict[str, str]:
    """`<type_name>Connection` and `<type_name>Edge`: a page of `plural`."""
    conn, edge = f"{type_name}Connection", f"{type_name}Edge"
    return {
        conn: f"A page of {plural}, with the cursors to the next one.",
        f"{conn}.edges": f"The {plural} of this page, each with its cursor.",
        f"{conn}.pageInfo": "Whether more pages follow, and the cursors to reach them.",
        f"{conn}.totalCount": (
            f"How many {plural} the whole list holds (every page); counted only when selected."
        ),
        edge: f"One of the {plural} of a page, with its cursor.",
        f"{edge}.cursor": (
            "Opaque; pass it as `after` to continue after this item, or as `before` to end "
            "before it."
        ),
        f"{edge}.node": f"One of the {plural}.",
    }


def payload(type_name: str, field: str, what: str, mutations: str) -> dict[str, str]:
    """A mutation payload `type_name` whose result field `field` holds `what`."""
    return {
        type_name: f"Answered by {mutations}: {what}, or the errors.",
        f"{type_name}.{field}": f"{what[0].upper()}{what[1:]}; null when `errors` is not empty.",
        f"{type_name}.errors": ERRORS,
    }


def node_id(type_name: str, what: str) -> dict[str, str]:
    return {
        f"{type_name}.id": f"Global id of the {what} (opaque); `node(id:)` reads it again.",
    }


ERRORS = "What went wrong, each with a code and the input field; empty on success."

DESCRIPTIONS: dict[str, str] = {
    "Query": (
        "Reads. Every field but `me`, `publicBuilding` and `publicBuildingById` needs a "
        "signed-in user (`Authorization: Bearer <token>`), "
        "else it is an UNAUTHENTICATED error; each answers only what lies in the viewer's scope, "
        "and anything outside it looks exactly like something missing."
    ),
    "Mutation": (
        "Changes. Each answers a payload whose `errors` say what went wrong (code, input field, "
        "message); a mutation with errors has changed nothing. All but `login` and "
        "`submitCaseByQr` need a signed-in user (else UNAUTHENTICATED in `errors`)."
    ),
    "Query.node": (
        "Any object by its global id; null when there is none or it lies outside the viewer's "
        "scope (the two look the same)."
    ),
    "Query.node(id)": "A global id, as an `id` field gives it; a malformed one is INVALID.",
    "Node.id": "Global id: opaque, unique across all types.",
    "UserError": "A problem the client can act on, returned in a mutation payload's `errors`.",
    "UserError.field": (
        "The input at fault, named as in the operation (`nodeId`, `title`, `file` ...); "
        "null when no single input is."
    ),
    "UserError.code": "Stable: branch on it.",
    "ErrorCode.INVALID": (
        "The input is malformed or breaks a rule: a bad id or cursor, a text too long, a value "
        "out of range, a node of the wrong level."
    ),
    "ErrorCode.UNAUTHENTICATED": (
        "No valid token, or the session expired or was ended (logout, new password); at login, "
        "a wrong username or password."
    ),
    "ErrorCode.FORBIDDEN": "The viewer may read the object but may not make this change to it.",
    "ErrorCode.NOT_FOUND": (
        "No such object, or it lies outside the viewer's scope: the two look the same."
    ),
    "ErrorCode.CONFLICT": (
        "Clashes with existing data or with a change made meanwhile (a name taken, a case "
        "claimed first); reload and decide again."
    ),
    "ErrorCode.INVALID_TRANSITION": (
        "The case's current status does not allow this step (e.g. verifying a case that is "
        "not resolved)."
    ),
    "ErrorCode.RATE_LIMITED": (
        "Too many attempts (sign-ins, QR submissions, ID-card numbers checked); try again "
        "later, as the message says."
    ),
}
