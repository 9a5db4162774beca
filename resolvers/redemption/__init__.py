"""Redemption (兑换) of volunteer points and dividends (分红).

catalogue.py  the goods of a community's catalogue, their stock, the yearly window
redeeming.py  redeeming goods (one ledger entry each) and cancelling, the redemptions list
dividends.py  a cooperative's income shared by points, and the lines of each distribution
"""

from collections.abc import Iterator
from contextlib import contextmanager

from models.workflows import redemption as workflow
from resolvers.errors import Invalid, InvalidTransition


@contextmanager
def rules() -> Iterator[None]:
    """The workflow's refusals as the API's errors (INVALID, INVALID_TRANSITION)."""
    try:
        yield
    except workflow.TransitionError as error:
        raise InvalidTransition(error.key, field=error.field, **error.params) from None
    except workflow.RedemptionRuleError as error:
        raise Invalid(error.key, field=error.field, **error.params) from None
