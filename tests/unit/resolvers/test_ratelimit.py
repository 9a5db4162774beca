"""Rate limits kept in the database (issue 8, item 19): shared by processes, atomic."""

import asyncio

import pytest
from tortoise.transactions import in_transaction

import models
from resolvers.errors import ErrorCode, RateLimited
from resolvers.ratelimit import Backoff, Budget, RateLimits, spend_or_refuse
from schema.errors import UserError
from schema.mutations import mutate
from tests.helpers import postgres_only

TEN_A_MINUTE = Budget("test-budget", limit=10, seconds=60.0)
BACKOFF = Backoff("test-backoff", free=3, first_wait=1.0, max_wait=8.0, memory=3600.0)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def limits(clock: Clock) -> RateLimits:
    return RateLimits(clock=clock, prune_chance=0.0)


async def test_a_budget_allows_its_limit_then_refills_smoothly(app, limits, clock):
    # when: twelve at once
    answers = [await limits.spend(TEN_A_MINUTE, "k") for _ in range(12)]
    # then
    assert answers == [True] * 10 + [False] * 2
    # and one comes back every six seconds
    clock.now += 5.9
    assert not await limits.spend(TEN_A_MINUTE, "k")
    clock.now += 0.2
    assert await limits.spend(TEN_A_MINUTE, "k")
    assert not await limits.spend(TEN_A_MINUTE, "k")
    # and after a whole window the whole budget
    clock.now += 60
    assert [await limits.spend(TEN_A_MINUTE, "k") for _ in range(11)] == [True] * 10 + [False]


async def test_keys_and_budgets_are_apart(app, limits):
    assert await limits.spend(TEN_A_MINUTE, "a", cost=10)
    assert not await limits.spend(TEN_A_MINUTE, "a")
    assert await limits.spend(TEN_A_MINUTE, "b")
    assert await limits.spend(Budget("other", limit=10, seconds=60.0), "a")


async def test_a_cost_above_what_is_left_spends_nothing(app, limits):
    assert await limits.spend(TEN_A_MINUTE, "k", cost=7)
    assert not await limits.spend(TEN_A_MINUTE, "k", cost=4)
    assert not await limits.spend(TEN_A_MINUTE, "k", cost=11)
    assert await limits.spend(TEN_A_MINUTE, "k", cost=3)


async def test_a_refund_gives_back_what_was_spent(app, limits):
    assert await limits.spend(TEN_A_MINUTE, "k", cost=10)
    await limits.refund(TEN_A_MINUTE, "k", cost=2)
    assert await limits.spend(TEN_A_MINUTE, "k", cost=2)
    assert not await limits.spend(TEN_A_MINUTE, "k")


async def test_two_processes_share_one_budget(app, clock):
    # given: two apps' limiters (as with `--workers 2`) on one database
    first, second = RateLimits(clock=clock), RateLimits(clock=clock)
    # when
    answers = [await (first if n % 2 else second).spend(TEN_A_MINUTE, "k") for n in range(12)]
    # then
    assert answers.count(True) == 10


async def test_the_key_is_not_stored_in_clear(app, limits):
    await limits.spend(TEN_A_MINUTE, "grid1@203.0.113.9")
    (row,) = await models.RateLimit.all()
    assert "grid1" not in row.key
    assert len(row.key) == 64


async def test_a_backoff_doubles_its_wait_and_forgets_on_success(app, limits, clock):
    # when: three free failures, then each attempt must wait 1, 2, 4, 8, 8 seconds
    assert [await limits.attempt(BACKOFF, "k") for _ in range(3)] == [0.0, 0.0, 0.0]
    waits = []
    for _ in range(5):
        wait = await limits.attempt(BACKOFF, "k")
        assert wait > 0, "refused until the wait is over"
        assert await limits.attempt(BACKOFF, "k") == pytest.approx(wait), "a refusal counts not"
        clock.now += wait
        assert await limits.attempt(BACKOFF, "k") == 0.0
        waits.append(wait)
    # then
    assert waits == [1.0, 2.0, 4.0, 8.0, 8.0]
    # and a success forgets the count
    await limits.forget(BACKOFF.name, "k")
    assert [await limits.attempt(BACKOFF, "k") for _ in range(3)] == [0.0, 0.0, 0.0]


async def test_a_backoff_forgets_failures_after_its_memory(app, limits, clock):
    for _ in range(3):
        await limits.attempt(BACKOFF, "k")
    assert await limits.attempt(BACKOFF, "k") > 0
    clock.now += BACKOFF.memory + 1
    assert [await limits.attempt(BACKOFF, "k") for _ in range(3)] == [0.0, 0.0, 0.0]


async def test_expired_rows_are_pruned(app, clock):
    # given
    limits = RateLimits(clock=clock, prune_chance=1.0)
    await limits.spend(TEN_A_MINUTE, "old")
    clock.now += 3600
    # when
    await limits.spend(TEN_A_MINUTE, "new")
    # then
    assert await models.RateLimit.all().count() == 1


async def test_a_spend_counts_even_when_its_mutation_fails(app, limits):
    # given: a mutation that spends, then refuses (its transaction rolls back)
    async def work() -> models.OrgNode:
        await spend_or_refuse(limits, TEN_A_MINUTE, "k", cost=4)
        raise RateLimited("refused after the spend")

    # when
    for _ in range(2):
        payload = await mutate(_Payload, work)
        assert payload.errors[0].code is ErrorCode.RATE_LIMITED
    # then: eight of ten are gone
    assert await limits.spend(TEN_A_MINUTE, "k", cost=2)
    assert not await limits.spend(TEN_A_MINUTE, "k")


class _Payload:
    def __init__(self, errors: list[UserError]) -> None:
        self.errors = errors

    @classmethod
    def from_errors(cls, errors: list[UserError]) -> "_Payload":
        return cls(errors)

    @classmethod
    def from_result(cls, result: object) -> "_Payload":
        return cls([])


@postgres_only
async def test_concurrent_spends_never_exceed_the_budget(app, limits):
    # given: twenty transactions at once, each holding its spend a while
    async def one() -> bool:
        async with in_transaction():
            allowed: bool = await limits.spend(TEN_A_MINUTE, "k")
            await asyncio.sleep(0.05)
            return allowed

    # when
    answers = await asyncio.gather(*(one() for _ in range(20)))
    # then
    assert answers.count(True) == 10


@postgres_only
async def test_concurrent_attempts_pass_one_opening_once(app, limits, clock):
    # given: the free failures are used up, and the one-second wait is over
    for _ in range(BACKOFF.free):
        assert await limits.attempt(BACKOFF, "k") == 0.0
    clock.now += 1.0
    # when: ten attempts at once
    answers = await asyncio.gather(*(limits.attempt(BACKOFF, "k") for _ in range(10)))
    # then: one goes ahead, and the others must wait the next, doubled, wait
    assert sorted(answers) == [0.0] + [2.0] * 9
