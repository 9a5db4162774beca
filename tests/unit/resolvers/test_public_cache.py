"""The public building pages' cache (resolvers/public/cache.py): entries end after their TTL,
the least recently used go first past the bound, and invalidation drops what it should."""

from resolvers.public.cache import PageCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_entry_ends_after_its_ttl():
    clock = Clock()
    cache: PageCache[str] = PageCache(ttl=60, max_size=10, clock=clock)
    cache.put(1, "/1/2/3/4/", "page")
    clock.now = 59.9
    assert cache.get(1) == "page"
    clock.now = 60.0
    assert cache.get(1) is None
    assert len(cache) == 0


def test_the_least_recently_used_go_first():
    cache: PageCache[str] = PageCache(ttl=60, max_size=2, clock=Clock())
    cache.put(1, "/1/", "a")
    cache.put(2, "/2/", "b")
    assert cache.get(1) == "a"  # 2 is now the least recently used
    cache.put(3, "/3/", "c")
    assert (cache.get(1), cache.get(2), cache.get(3)) == ("a", None, "c")


def test_forgetting_a_building_and_a_subtree():
    cache: PageCache[str] = PageCache(ttl=60, max_size=10, clock=Clock())
    cache.put(19, "/1/3/7/19/", "a")
    cache.put(20, "/1/3/7/20/", "b")
    cache.put(21, "/1/3/70/21/", "c")  # /1/3/7/ is no prefix of /1/3/70/
    cache.forget(19)
    assert cache.get(19) is None
    cache.forget_under("/1/3/7/")
    assert (cache.get(20), cache.get(21)) == (None, "c")


def test_a_forgotten_building_is_not_kept_while_its_change_may_be_uncommitted():
    # given: a building and a subtree forgotten at 100 s (a change in a transaction)
    clock = Clock()
    cache: PageCache[str] = PageCache(ttl=60, max_size=10, clock=clock, hold=10)
    clock.now = 100.0
    cache.forget(19)
    cache.forget_under("/1/3/7/")
    # when: pages assembled meanwhile (perhaps from what was there before) are put
    clock.now = 109.9
    cache.put(19, "/1/2/5/19/", "old")
    cache.put(20, "/1/3/7/20/", "old")
    cache.put(21, "/1/3/70/21/", "kept")
    # then: they are not kept; a building outside the forgotten subtree is
    assert (cache.get(19), cache.get(20), cache.get(21)) == (None, None, "kept")
    # and once the hold has passed, pages are kept again
    clock.now = 110.1
    cache.put(19, "/1/2/5/19/", "new")
    cache.put(20, "/1/3/7/20/", "new")
    assert (cache.get(19), cache.get(20)) == ("new", "new")
