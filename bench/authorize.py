"""One authorize decision with 10,000 grants loaded, against casbin asked directly."""

import timeit

import casbin

from models import Role
from policies import POLICY_DIR
from policies.actions import Action
from policies.authorizer import Authorizer, GrantScope

GRANTS = 10_000


def main() -> None:
    authorizer = Authorizer.from_files()
    grants = [GrantScope(Role.BUILDING_LEADER, f"/1/3/7/{n}/") for n in range(100, 100 + GRANTS)]
    viewer = authorizer.viewer(1, grants)
    viewer.can(Action.ORG_READ, "/1/3/7/5000/9/")  # first call builds the per-action prefix set

    runs = 100_000
    inside = timeit.timeit(lambda: viewer.can(Action.ORG_READ, "/1/3/7/5000/9/"), number=runs)
    outside = timeit.timeit(lambda: viewer.can(Action.ORG_READ, "/1/3/8/77/"), number=runs)
    build = timeit.timeit(
        lambda: authorizer.viewer(1, grants).can(Action.ORG_READ, "/1/3/7/5000/9/"), number=20
    )
    sql = timeit.timeit(
        lambda: authorizer.viewer(1, grants).scope_filter(Action.ORG_READ), number=20
    )

    enforcer = casbin.Enforcer(str(POLICY_DIR / "model.conf"), str(POLICY_DIR / "policy.csv"))
    enforce = timeit.timeit(
        lambda: enforcer.enforce("BUILDING_LEADER", "org", "read"), number=2_000
    )

    print(f"grants loaded: {GRANTS}")
    print(f"authorize, inside scope:  {inside / runs * 1e6:8.2f} µs")
    print(f"authorize, outside scope: {outside / runs * 1e6:8.2f} µs")
    print(f"first decision of a request (prefix set built): {build / 20 * 1e3:8.2f} ms")
    print(f"scope_filter (SQL condition) of a request:        {sql / 20 * 1e3:8.2f} ms")
    print(f"casbin enforce, for comparison: {enforce / 2_000 * 1e6:8.2f} µs")


if __name__ == "__main__":
    main()
