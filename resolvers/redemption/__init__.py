"""Redemption (兑换) of volunteer points and dividends (分红).

catalogue.py  the goods of a community's catalogue, their stock, the yearly window
redeeming.py  redeeming goods (one ledger entry each) and cancelling, the redemptions list
dividends.py  a cooperative's income shared by points, and the lines of each distribution
"""

from contextlib import AbstractContextManager

from models.workflows import redemption as workflow
from resolvers.errors import refusing


def rules() -> AbstractContextManager[None]:
    """The workflow's refusals as the API's errors (INVALID, INVALID_TRANSITION)."""
    return refusing(workflow.RedemptionRuleError)
