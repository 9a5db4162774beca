"""Password hashes and the worker threads that make them."""

import threading
import time

import pytest
from anyio import CapacityLimiter, create_task_group
from argon2 import extract_parameters

from resolvers.offload import run_off_loop
from resolvers.passwords import Passwords, make_hasher


def test_a_profile_is_named_or_given_as_a_phc_cost() -> None:
    assert make_hasher("RFC_9106_LOW_MEMORY").memory_cost == 65536
    hasher = make_hasher("m=1024,t=2,p=1")
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (1024, 2, 1)


@pytest.mark.parametrize("profile", ["m=1024,t=2", "m=1024,t=two,p=1", "m=1024;t=2;p=1"])
def test_a_malformed_cost_is_refused(profile: str) -> None:
    with pytest.raises(ValueError, match="m=65536,t=3,p=4"):
        make_hasher(profile)


async def test_the_dummy_hash_costs_what_a_real_hash_costs() -> None:
    # given an app whose profile is not the cheapest
    passwords = Passwords(make_hasher("m=1024,t=2,p=1"), CapacityLimiter(1))
    real = await passwords.hash("a real password")
    # when
    dummy = await passwords.dummy_hash()
    # then unknown usernames are checked against a hash of the same cost, made once
    assert extract_parameters(dummy) == extract_parameters(real)
    assert await passwords.dummy_hash() == dummy
    assert await passwords.verify(real, "a real password") is True
    assert await passwords.verify(real, "another password") is False
    assert await passwords.verify("not a hash", "a real password") is False


async def test_work_runs_in_worker_threads_at_most_limit_at_a_time() -> None:
    # given work that notes how many copies of it run at once
    lock = threading.Lock()
    running, most, threads = 0, 0, set()

    def work(seconds: float) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
            threads.add(threading.get_ident())
        time.sleep(seconds)
        with lock:
            running -= 1

    limiter = CapacityLimiter(2)
    # when six run together under a limit of two
    async with create_task_group() as group:
        for _ in range(6):
            group.start_soon(run_off_loop, limiter, work, 0.03)
    # then two ran at a time, none of them on the event loop's thread
    assert most == 2
    assert threading.get_ident() not in threads
