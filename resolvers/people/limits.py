"""How many ID-card numbers an account may have answered about in a day.

Creating, changing and importing residents says whether an ID-card number is already
registered (somewhere the caller may not see, too), so each number asked about spends from the
account's budget; an import spends one per row. The command line (no request) is the
operator's own and is not limited.
"""

from resolvers.auth import require_user
from resolvers.context import Context
from resolvers.ratelimit import Budget, spend_or_refuse

# A community's whole register imported three times over in a day; a candidate list of
# numbers tried against it is not.
ID_NUMBER_CHECKS = Budget("id-number-checks", limit=30_000, seconds=86_400.0)


async def spend_id_number_checks(ctx: Context, numbers: int) -> None:
    """Spend `numbers` of the account's budget; RATE_LIMITED when it has not that many left."""
    user = require_user(ctx)
    if ctx.request is None or numbers <= 0:
        return
    await spend_or_refuse(
        ctx.services.rate_limits,
        ID_NUMBER_CHECKS,
        str(user.id),
        numbers,
        message_key="people.id_number_budget",
    )
