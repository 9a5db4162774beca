"""What every seed phase works from, handed to each phase as one value."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import models


@dataclass(frozen=True)
class Stage:
    """The tree, the accounts, the generator and the day, set up before the phases run; the
    phases draw from `rng` in turn, so their order is part of the data."""

    levels: dict[models.OrgLevel, list[models.OrgNode]]
    users: dict[str, tuple[int, str]]  # username -> (id, path of its grant node)
    admin_id: int
    rng: random.Random
    day: date
    batch_size: int
    progress: Callable[[int], object] | None = None
    planned: Callable[[str, int], object] | None = None

    def accounts_at(self, *stems: str) -> dict[str, int]:
        """Grant node's path -> user id, for the demo accounts whose username starts with one of
        `stems` (community1, grid2...)."""
        return {path: uid for name, (uid, path) in self.users.items() if name.startswith(stems)}

    @property
    def end(self) -> datetime:
        """Midnight (UTC) starting `day`: where the seeded history ends."""
        return datetime.combine(self.day, time(), UTC)
