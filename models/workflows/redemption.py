"""Redemption's rules (兑换, 分红), pure: what a catalogue entry may hold, when a community's
residents redeem ("一年一兑换"), what one redemption may take, which status it may leave, and
how a cooperative's income is shared out by points (按合作社收入进行分红).

Who may do what is decided in policies/; the resolvers apply these rules under the locks that
keep them true at once (the ledger's owner lock, the stock's conditional UPDATE).

Decisions, documented here because the seeds are silent:
- The window: each community may set one yearly window (month-day to month-day, inclusive, China
  time, possibly over the new year, e.g. 12-01 to 01-31); without one it redeems all year. A
  cancellation is allowed whenever (it corrects a mistake at the counter).
- A redemption costs at most MAX_ENTRY_POINTS (one ledger entry moves at most that).
- Dividends go to households (住户), by the volunteer points their members earned in the period
  (activities, manual entries and corrections of those; redemptions neither add nor take away).
  Money is in fen; each share is income x points / all points, rounded down, and the fen left
  over go one each to the largest remainders (ties: more points first, then the lower household
  id), so the lines add up to the income exactly. No points are spent on a dividend: it is the
  cooperative's money shared by merit, and the points stay to be redeemed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from models.redemption import RedemptionStatus
from models.workflows.points import MAX_ENTRY_POINTS
from models.workflows.refusals import RuleRefusal

MAX_PRICE = MAX_ENTRY_POINTS
MAX_STOCK = 100_000
MAX_QUANTITY = 100
MAX_YEARLY_LIMIT = 1_000
MAX_INCOME_FEN = 2_000_000_000  # 两千万元: a GraphQL Int holds it
MAX_PERIOD_DAYS = 366
# Any year with a 29 February: a window's days are checked against it.
LEAP_YEAR = 2024


class RedemptionRuleError(RuleRefusal):
    """Input the rules refuse (see RuleRefusal)."""


class TransitionError(RedemptionRuleError):
    """A step the redemption's current status does not allow."""

    moves = True


def check_price(price: int) -> None:
    if not 1 <= price <= MAX_PRICE:
        raise RedemptionRuleError("redemption.price", "price", max=MAX_PRICE)


def check_stock(stock: int) -> None:
    if not 0 <= stock <= MAX_STOCK:
        raise RedemptionRuleError("redemption.stock", "stock", max=MAX_STOCK)


def check_yearly_limit(limit: int | None) -> None:
    if limit is not None and not 1 <= limit <= MAX_YEARLY_LIMIT:
        raise RedemptionRuleError("redemption.yearly_limit", "yearlyLimit", max=MAX_YEARLY_LIMIT)


def check_stock_change(delta: int, stock: int) -> int:
    """The stock after adding `delta` (negative: written off); never below zero or above max."""
    if delta == 0 or abs(delta) > MAX_STOCK:
        raise RedemptionRuleError("redemption.stock_delta", "delta", max=MAX_STOCK)
    after = stock + delta
    if after < 0:
        raise RedemptionRuleError("redemption.stock_below_zero", "delta", stock=stock)
    if after > MAX_STOCK:
        raise RedemptionRuleError("redemption.stock", "delta", max=MAX_STOCK)
    return after


def cost(unit_price: int, quantity: int) -> int:
    """The points `quantity` of a good at `unit_price` cost, after checking both."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise RedemptionRuleError("redemption.quantity", "quantity", max=MAX_QUANTITY)
    total = unit_price * quantity
    if total > MAX_ENTRY_POINTS:
        raise RedemptionRuleError("redemption.too_costly", "quantity", max=MAX_ENTRY_POINTS)
    return total


def check_yearly(limit: int | None, already: int, quantity: int) -> None:
    """A per-person yearly limit counts what the resident redeemed (not cancelled) this year."""
    if limit is not None and already + quantity > limit:
        left = max(limit - already, 0)
        raise RedemptionRuleError("redemption.over_yearly_limit", "quantity", left=left)


@dataclass(frozen=True, order=True)
class MonthDay:
    month: int
    day: int

    @staticmethod
    def parse(text: str, field: str) -> "MonthDay":
        """`MM-DD` (a day that exists in a leap year)."""
        parts = text.strip().split("-")
        try:
            if len(parts) != 2 or not all(p.isdigit() and len(p) == 2 for p in parts):
                raise ValueError(text)
            value = MonthDay(int(parts[0]), int(parts[1]))
            date(LEAP_YEAR, value.month, value.day)
        except ValueError:
            raise RedemptionRuleError("redemption.month_day", field) from None
        return value

    def __str__(self) -> str:
        return f"{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True)
class Window:
    """From `opens` to `closes`, both inclusive; `closes` before `opens` runs over new year."""

    opens: MonthDay
    closes: MonthDay

    def holds(self, day: date) -> bool:
        today = MonthDay(day.month, day.day)
        if self.opens <= self.closes:
            return self.opens <= today <= self.closes
        return today >= self.opens or today <= self.closes


def window_of(opens: str | None, closes: str | None) -> Window | None:
    """The window two `MM-DD` texts give; both absent: none (all year); one alone is refused."""
    if opens is None and closes is None:
        return None
    if opens is None or closes is None:
        raise RedemptionRuleError("redemption.window_both", "opens" if opens is None else "closes")
    return Window(MonthDay.parse(opens, "opens"), MonthDay.parse(closes, "closes"))


def check_window(window: Window | None, day: date) -> None:
    if window is not None and not window.holds(day):
        raise RedemptionRuleError(
            "redemption.window_closed",
            "goodId",
            opens=str(window.opens),
            closes=str(window.closes),
        )


def check_redeemable(active: bool) -> None:
    if not active:
        raise RedemptionRuleError("redemption.inactive", "goodId")


def check_cancel(status: RedemptionStatus) -> None:
    """Only a redemption that stands may be cancelled, once."""
    if status is not RedemptionStatus.REDEEMED:
        raise TransitionError("redemption.not_cancellable", "id", status=status)


# ------------------------------------------------------------------ dividends


def check_dividend(income_fen: int, start: date, end: date, today: date) -> None:
    if not 1 <= income_fen <= MAX_INCOME_FEN:
        raise RedemptionRuleError("dividend.income", "incomeFen", max=MAX_INCOME_FEN)
    if end < start:
        raise RedemptionRuleError("dividend.period_order", "periodEnd")
    if end > today:
        raise RedemptionRuleError("dividend.period_future", "periodEnd")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise RedemptionRuleError("dividend.period_long", "periodStart", max=MAX_PERIOD_DAYS)


def shares(income_fen: int, points: Mapping[int, int]) -> dict[int, int]:
    """Each holder's share of `income_fen` by its points (largest remainder): holders with no
    positive points get nothing, and the shares add up to `income_fen` exactly."""
    earning = {holder: p for holder, p in points.items() if p > 0}
    total = sum(earning.values())
    if total == 0:
        raise RedemptionRuleError("dividend.no_points", "periodStart")
    base: dict[int, int] = {}
    remainders: list[tuple[int, int, int]] = []
    for holder, p in earning.items():
        whole, remainder = divmod(income_fen * p, total)
        base[holder] = whole
        remainders.append((-remainder, -p, holder))
    left = income_fen - sum(base.values())
    for _, _, holder in sorted(remainders)[:left]:
        base[holder] += 1
    return base
