"""Several `loudong serve` processes on one PostgreSQL database share their limits (kept in the
database), and a revoked grant is refused by every process at its next request (grants are
read with each request); a stopped server finishes the requests in flight."""

from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.seed import DEMO_PASSWORD
from tests.conftest import BACKEND, Templates
from tests.helpers import LOGIN
from tests.served import gql, served

pytestmark = pytest.mark.slow
postgres_only = pytest.mark.skipif(
    BACKEND != "postgres", reason="several processes share PostgreSQL only"
)

ME = "query Me { me { username grants { id role } } orgNodes(first: 1) { totalCount } }"
REVOKE = "mutation Revoke($id: ID!) { revokeRole(id: $id) { errors { code message } } }"
# LOGIN_PER_ADDRESS in resolvers/users/sessions.py: sign-in tries from one address an hour.
ADDRESS_BUDGET = 100


@pytest.fixture
def demo_url(templates: Templates, tmp_path: Path) -> str:
    return templates.database.fresh("demo", tmp_path)


def token(url: str, username: str) -> str:
    data = gql(url, LOGIN, {"username": username, "password": DEMO_PASSWORD})["data"]
    assert data["login"]["token"], data
    return str(data["login"]["token"])


def login_error(url: str, username: str) -> str:
    data = gql(url, LOGIN, {"username": username, "password": "wrong-password"})["data"]
    return str(data["login"]["errors"][0]["code"])


@postgres_only
def test_two_processes_share_limits_and_grants(demo_url: str, tmp_path: Path):
    with served(demo_url, tmp_path) as (first, _), served(demo_url, tmp_path) as (second, _):
        # given: a signed-in community admin on the second process
        community = token(second, "community1")
        me = gql(second, ME, token=community)["data"]
        assert me["orgNodes"]["totalCount"] > 0
        admin = token(first, "admin")
        # when: sign-in tries from one address alternate between the processes
        refused_at, url = None, first
        for attempt in range(ADDRESS_BUDGET + 10):
            url = first if attempt % 2 else second
            if login_error(url, f"nobody{attempt}") == "RATE_LIMITED":
                refused_at = attempt
                break
        # then: the address's budget ran out after about ADDRESS_BUDGET tries in all (a budget
        # per process would have let each have that many), and the other process refuses too
        # (the budget refills by one try in 36 s: a few may slip through on a slow machine)
        assert refused_at is not None
        assert ADDRESS_BUDGET <= refused_at <= ADDRESS_BUDGET + 5
        assert login_error(second if url == first else first, "nobody-more") == "RATE_LIMITED"

        # when: the first process revokes the community admin's grant
        grant = me["me"]["grants"][0]["id"]
        assert gql(first, REVOKE, {"id": grant}, token=admin)["data"]["revokeRole"]["errors"] == []
        # then: the second process serves that token with no grant at its next request
        after = gql(second, ME, token=community)["data"]
        assert after["me"]["grants"] == []
        assert after["orgNodes"]["totalCount"] == 0


@postgres_only
def test_workers_share_one_metrics_view(demo_url: str, tmp_path: Path):
    """With --workers 2, /metrics adds up what every worker counted (multiprocess mode)."""
    with served(demo_url, tmp_path, "--workers", "2") as (url, _):
        failures = 12
        with httpx.Client(base_url=url, timeout=30) as client:
            for attempt in range(failures):  # new connections: both workers answer some
                client.headers["Connection"] = "close"
                query = {"query": LOGIN, "variables": {"username": f"n{attempt}", "password": "x"}}
                answer = client.post("/graphql", json=query).json()
                # every try reaches the password check (none refused before it is counted)
                assert answer["data"]["login"]["errors"][0]["code"] == "UNAUTHENTICATED", answer
            text = client.get("/metrics").text
    counted = {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }
    assert counted["loudong_login_failures_total"] == failures
    assert counted["loudong_graphql_request_seconds_count"] >= failures


def test_sigterm_lets_requests_in_flight_finish(tmp_path: Path, templates: Templates):
    """Graceful shutdown: a sign-in that takes over a second, cut by SIGTERM, still answers."""
    import concurrent.futures
    import signal
    import time

    url_of_db = templates.database.fresh("empty", tmp_path)
    slow_hash = "m=131072,t=8,p=1"  # an unknown name is checked against a hash this costly
    with served(url_of_db, tmp_path, LOUDONG_PASSWORD_PROFILE=slow_hash) as (url, process):
        variables = {"username": "nobody", "password": "wrong-password"}
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            began = time.monotonic()
            answer = pool.submit(gql, url, LOGIN, variables)
            time.sleep(0.3)  # the request is in the server now
            process.send_signal(signal.SIGTERM)
            body = answer.result(timeout=30)
        assert body["data"]["login"]["errors"][0]["code"] == "UNAUTHENTICATED"
        assert time.monotonic() - began > 0.5
        # uvicorn exits by raising the signal again once it is done (as supervisors expect)
        assert process.wait(timeout=30) in {0, -signal.SIGTERM}
