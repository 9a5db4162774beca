"""Redemption's pure rules: the yearly window, what one redemption may take, and the dividend's
shares (largest remainder, adding up to the income exactly)."""

import random
from datetime import date

import pytest

from models import RedemptionStatus
from models.workflows import redemption as workflow
from models.workflows.redemption import MonthDay, RedemptionRuleError, TransitionError, Window


@pytest.mark.parametrize(
    ("opens", "closes", "day", "open_"),
    [
        ("12-01", "01-31", date(2026, 12, 1), True),
        ("12-01", "01-31", date(2027, 1, 31), True),
        ("12-01", "01-31", date(2026, 11, 30), False),
        ("12-01", "01-31", date(2027, 2, 1), False),
        ("03-01", "03-31", date(2026, 3, 15), True),
        ("03-01", "03-31", date(2026, 4, 1), False),
        ("02-29", "02-29", date(2028, 2, 29), True),
    ],
)
def test_a_window_holds_its_days_also_over_new_year(opens, closes, day, open_):
    window = workflow.window_of(opens, closes)
    assert window is not None
    assert window.holds(day) is open_


def test_no_window_is_all_year_and_half_a_window_is_refused():
    assert workflow.window_of(None, None) is None
    workflow.check_window(None, date(2026, 7, 1))
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.window_of("12-01", None)
    assert refused.value.field == "closes"


@pytest.mark.parametrize("text", ["13-01", "02-30", "1-01", "12/01", "ab-cd", "", "12-01-01"])
def test_a_day_of_the_year_is_mm_dd(text):
    with pytest.raises(RedemptionRuleError) as refused:
        MonthDay.parse(text, "opens")
    assert refused.value.key == "redemption.month_day"


def test_a_closed_window_says_when_it_opens():
    window = Window(MonthDay(12, 1), MonthDay(1, 31))
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.check_window(window, date(2026, 6, 1))
    assert refused.value.params == {"opens": "12-01", "closes": "01-31"}


@pytest.mark.parametrize(
    ("price", "quantity", "key"),
    [
        (10, 0, "redemption.quantity"),
        (10, -1, "redemption.quantity"),
        (10, 101, "redemption.quantity"),
        (600, 2, "redemption.too_costly"),
    ],
)
def test_a_redemption_takes_1_to_100_pieces_and_at_most_1000_points(price, quantity, key):
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.cost(price, quantity)
    assert refused.value.key == key


def test_cost_is_price_times_quantity():
    assert workflow.cost(25, 4) == 100
    assert workflow.cost(1000, 1) == 1000


@pytest.mark.parametrize(
    ("check", "value", "key"),
    [
        (workflow.check_price, 0, "redemption.price"),
        (workflow.check_price, -5, "redemption.price"),
        (workflow.check_price, 1001, "redemption.price"),
        (workflow.check_stock, -1, "redemption.stock"),
        (workflow.check_stock, 100_001, "redemption.stock"),
        (workflow.check_yearly_limit, 0, "redemption.yearly_limit"),
    ],
)
def test_catalogue_values_out_of_range_are_refused(check, value, key):
    with pytest.raises(RedemptionRuleError) as refused:
        check(value)
    assert refused.value.key == key


def test_stock_changes_never_leave_it_below_zero():
    assert workflow.check_stock_change(5, 3) == 8
    assert workflow.check_stock_change(-3, 3) == 0
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.check_stock_change(-4, 3)
    assert refused.value.key == "redemption.stock_below_zero"
    with pytest.raises(RedemptionRuleError):
        workflow.check_stock_change(0, 3)


def test_the_yearly_limit_counts_what_was_redeemed_this_year():
    workflow.check_yearly(None, 50, 50)
    workflow.check_yearly(3, 1, 2)
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.check_yearly(3, 2, 2)
    assert refused.value.params == {"left": 1}


def test_only_a_standing_redemption_is_cancelled():
    workflow.check_cancel(RedemptionStatus.REDEEMED)
    with pytest.raises(TransitionError):
        workflow.check_cancel(RedemptionStatus.CANCELLED)


def test_inactive_goods_are_not_redeemed():
    workflow.check_redeemable(True)
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.check_redeemable(False)
    assert refused.value.key == "redemption.inactive"


# ------------------------------------------------------------------ dividends


def test_shares_are_proportional_and_the_remainder_goes_to_the_largest_remainders():
    # 100 fen by 1:1:1 -> 33.33 each, one fen left, to the lowest id of the equal remainders
    assert workflow.shares(100, {7: 10, 3: 10, 5: 10}) == {3: 34, 5: 33, 7: 33}
    # 1000 fen by 1:2 -> 333.33 and 666.67: the larger remainder (.67) gets the fen
    assert workflow.shares(1000, {1: 1, 2: 2}) == {1: 333, 2: 667}


def test_households_without_points_get_nothing_and_no_points_at_all_is_refused():
    assert workflow.shares(500, {1: 0, 2: -5, 3: 10}) == {3: 500}
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.shares(500, {1: 0, 2: -3})
    assert refused.value.key == "dividend.no_points"


def test_equal_remainders_go_to_more_points_first():
    # 2 fen among points 1, 1, 2 (total 4): 0.5, 0.5, 1.0 -> base 0, 0, 1; one fen left, and
    # the two remainders of .5 tie: the same points, so the lower id
    assert workflow.shares(2, {9: 1, 4: 1, 6: 2}) == {4: 1, 6: 1, 9: 0}


@pytest.mark.parametrize("seed", range(40))
def test_the_lines_always_add_up_to_the_income_exactly(seed):
    rng = random.Random(seed)
    points = {pk: rng.randint(-5, 500) for pk in range(1, rng.randint(2, 300))}
    points[1] = max(points[1], 1)
    income = rng.randint(1, 2_000_000_000)
    shares = workflow.shares(income, points)
    assert sum(shares.values()) == income
    total = sum(p for p in points.values() if p > 0)
    for holder, amount in shares.items():
        exact = income * points[holder] / total
        assert abs(amount - exact) < 1, (holder, amount, exact)
    # deterministic: the same input gives the same lines, whatever the order of the mapping
    assert workflow.shares(income, dict(reversed(list(points.items())))) == shares


@pytest.mark.parametrize(
    ("income", "start", "end", "key"),
    [
        (0, date(2026, 1, 1), date(2026, 3, 31), "dividend.income"),
        (-100, date(2026, 1, 1), date(2026, 3, 31), "dividend.income"),
        (100, date(2026, 3, 1), date(2026, 2, 1), "dividend.period_order"),
        (100, date(2026, 1, 1), date(2026, 12, 31), "dividend.period_future"),
        (100, date(2024, 1, 1), date(2026, 3, 31), "dividend.period_long"),
    ],
)
def test_a_distribution_needs_income_and_a_past_period(income, start, end, key):
    with pytest.raises(RedemptionRuleError) as refused:
        workflow.check_dividend(income, start, end, today=date(2026, 6, 1))
    assert refused.value.key == key
