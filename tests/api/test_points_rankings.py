"""Period totals, rankings and quarterly notices (积分公示): computed from the ledger, scoped,
and a published notice never changes."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

import models
from models.workflows import points as ledger_rules
from tests.api.test_points import CORRECT, building_of, community_of, street
from tests.helpers import Api, gid, postgres_only

RANKING = """
query($n: ID!, $d: Date!, $s: RankingSubject!, $p: PointsPeriod, $after: String, $first: Int) {
  pointsRanking(nodeId: $n, day: $d, subject: $s, period: $p, first: $first, after: $after) {
    totalCount pageInfo { endCursor hasNextPage }
    edges { node { rank points pointsPerHousehold name subjectId } } } }
"""
PUBLISH = """
mutation($n: ID!, $q: String!, $s: RankingSubject!) {
  publishPointsNotice(nodeId: $n, quarter: $q, subject: $s) {
    notice { id title rows(first: 100) { edges { node { rank name points } } } }
    errors { field code message } } }
"""
NOTICES = """
query { pointsNotices(first: 100) { totalCount edges { node { id title node { id }
  rows(first: 5) { edges { node { rank name points } } } } } } }
"""


def last_quarter() -> tuple[str, date]:
    today = ledger_rules.local_day(datetime.now(UTC))
    quarter = (today.month - 1) // 3
    year, quarter = (today.year, quarter) if quarter else (today.year - 1, 4)
    return f"{year}Q{quarter}", date(year, (quarter - 1) * 3 + 1, 15)


async def expected_totals(path: str, start: datetime, end: datetime) -> dict[int, int]:
    totals: dict[int, int] = {}
    rows = await models.PointEntry.filter(
        node_path__startswith=path, at__gte=start, at__lt=end, kind="VOLUNTEER",
        source__in=ledger_rules.EARNED,
    ).values_list("resident_id", "amount")  # fmt: skip
    for resident, amount in rows:
        totals[resident] = totals.get(resident, 0) + amount
    return {k: v for k, v in totals.items() if v > 0}


async def test_a_monthly_ranking_is_the_ledger_summed_and_paged(api: Api, demo):
    # given
    community = await community_of(0)
    _, day = last_quarter()
    start, end = ledger_rules.bounds(ledger_rules.Period.MONTH, day)
    expected = await expected_totals(community.path, start, end)
    # when: pages of 7
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        variables = {"n": gid(community), "d": day.isoformat(), "s": "RESIDENTS", "first": 7}
        data = await api.gql(RANKING, variables | {"after": after}, as_="community1")
        page = data["pointsRanking"]
        seen += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then
    assert page["totalCount"] == len(expected) == len(seen) > 0
    assert [row["points"] for row in seen] == sorted(expected.values(), reverse=True)
    assert seen[0]["rank"] == 1
    for row in seen:  # competition ranking: 1, 2, 2, 4
        assert row["rank"] == 1 + sum(other["points"] > row["points"] for other in seen)
    assert "*" not in seen[0]["name"]  # staff read names in full


@pytest.mark.parametrize("subject", ["HOUSEHOLDS", "BUILDINGS"])
async def test_households_and_buildings_rank_too(api: Api, demo, subject):
    # given
    community = await community_of(0)
    _, day = last_quarter()
    # when
    page = (await api.gql(RANKING, {"n": gid(community), "d": day.isoformat(), "s": subject,
            "p": "QUARTER", "first": 100}, as_="community1"))["pointsRanking"]  # fmt: skip
    # then
    rows = [edge["node"] for edge in page["edges"]]
    assert rows
    key = "pointsPerHousehold" if subject == "BUILDINGS" else "points"
    assert [r[key] for r in rows] == sorted((r[key] for r in rows), reverse=True)
    assert (rows[0]["pointsPerHousehold"] is not None) == (subject == "BUILDINGS")


async def test_a_weekly_total_of_a_building(api: Api, demo):
    # given
    building = await building_of(0)
    today = ledger_rules.local_day(datetime.now(UTC))
    start, end = ledger_rules.bounds(ledger_rules.Period.WEEK, today)
    expected = await expected_totals(building.path, start, end)
    # when
    variables = {"n": gid(building), "d": today.isoformat(), "s": "RESIDENTS", "p": "WEEK"}
    page = (await api.gql(RANKING, variables | {"first": 100}, as_="building1"))["pointsRanking"]
    # then
    assert sum(edge["node"]["points"] for edge in page["edges"]) == sum(expected.values())


async def test_rankings_outside_scope_are_not_found(api: Api, demo):
    # given
    _, day = last_quarter()
    variables = {"d": day.isoformat(), "s": "RESIDENTS"}
    # when
    sibling = await api.raw(
        RANKING, variables | {"n": gid(await community_of(1))}, as_="community1"
    )
    resident = await api.raw(RANKING, variables | {"n": gid(await building_of(0))}, as_="resident1")
    upward = await api.raw(RANKING, variables | {"n": gid(await community_of(0))}, as_="building1")
    # then
    for body in (sibling, resident, upward):
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_a_published_notice_does_not_change_after_a_correction(api: Api, demo):
    # given: a notice of last quarter's residents of building1's building
    quarter, day = last_quarter()
    published = (await api.gql(PUBLISH, {"n": gid(await building_of(0)), "q": quarter,
                 "s": "RESIDENTS"}, as_="community1"))["publishPointsNotice"]  # fmt: skip
    assert published["errors"] == []
    rows = published["notice"]["rows"]["edges"]
    assert rows
    assert all("*" in edge["node"]["name"] for edge in rows)  # masked: 张*明
    # when: the top resident's entries of that quarter are corrected
    start, end = ledger_rules.quarter_bounds(*ledger_rules.parse_quarter(quarter))
    building = await building_of(0)
    corrections = await models.PointEntry.filter(reverses_id__isnull=False).values("reverses_id")
    reversed_ids = {row["reverses_id"] for row in corrections}
    candidates = await models.PointEntry.filter(
        node_id=building.id, at__gte=start, at__lt=end, source="MANUAL"
    ).order_by("id")
    entry = next((e for e in candidates if e.id not in reversed_ids), None)
    assert entry is not None
    corrected = await api.gql(CORRECT, {"e": gid(entry), "r": "记错了"}, as_="community1")
    assert corrected["correctPointEntry"]["errors"] == []
    # then: the notice reads as it was published, the live ranking moved
    notices = (await api.gql(NOTICES, as_="community1"))["pointsNotices"]["edges"]
    mine = next(n["node"] for n in notices if n["node"]["id"] == published["notice"]["id"])
    assert mine["rows"]["edges"] == rows[:5]
    live = (await api.gql(RANKING, {"n": gid(building), "d": day.isoformat(), "s": "RESIDENTS",
            "p": "QUARTER", "first": 100}, as_="community1"))["pointsRanking"]  # fmt: skip
    assert len(rows) < 100  # the whole ranking is on the notice
    before = sum(e["node"]["points"] for e in rows)
    assert sum(e["node"]["points"] for e in live["edges"]) == before - entry.amount


async def test_publishing_again_or_an_open_quarter_is_refused_and_nothing_is_written(
    api: Api, demo
):
    # given: the demo publishes community1's residents notice of last quarter
    community = await community_of(0)
    quarter, _ = last_quarter()
    today = ledger_rules.local_day(datetime.now(UTC))
    this_quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    before = (await models.PointsNotice.all().count(), await models.PointsNoticeRow.all().count())
    # when
    again = await api.gql(PUBLISH, {"n": gid(community), "q": quarter, "s": "RESIDENTS"},
                          as_="community1")  # fmt: skip
    open_ = await api.gql(PUBLISH, {"n": gid(community), "q": this_quarter, "s": "HOUSEHOLDS"},
                          as_="community1")  # fmt: skip
    bad = await api.gql(PUBLISH, {"n": gid(community), "q": "2026-2", "s": "HOUSEHOLDS"},
                        as_="community1")  # fmt: skip
    sibling = await api.gql(PUBLISH, {"n": gid(await community_of(1)), "q": quarter,
                            "s": "RESIDENTS"}, as_="community1")  # fmt: skip
    # then
    assert again["publishPointsNotice"]["errors"][0]["code"] == "CONFLICT"
    assert open_["publishPointsNotice"]["errors"][0]["code"] == "INVALID"
    assert bad["publishPointsNotice"]["errors"][0]["code"] == "INVALID"
    assert sibling["publishPointsNotice"]["errors"][0]["code"] == "NOT_FOUND"
    after = (await models.PointsNotice.all().count(), await models.PointsNoticeRow.all().count())
    assert after == before


async def test_a_stored_notice_refuses_to_be_saved_again_or_deleted(demo):
    # given
    notice = await models.PointsNotice.all().first()
    assert notice is not None
    notice.title = "改过的公示"
    # when / then
    with pytest.raises(models.notices.NoticeFrozen):
        await notice.save()
    with pytest.raises(models.notices.NoticeFrozen):
        await notice.delete()


@postgres_only
async def test_postgres_refuses_to_update_or_delete_a_notice(demo):
    from asyncpg.exceptions import RaiseError
    from tortoise.exceptions import OperationalError

    db = models.PointsNotice._meta.db
    for statement in (
        "UPDATE points_notice SET title = 'x'",
        "UPDATE points_notice_row SET points = points + 1",
        "DELETE FROM points_notice_row",
    ):
        with pytest.raises((OperationalError, RaiseError), match="never changes"):
            await db.execute_script(statement)


async def test_residents_read_the_notices_of_their_scope_only(api: Api, demo):
    # given: a notice at the second street's first community too
    other = await community_of(1)
    await models.PointsNotice.create(
        node_id=other.id, node_path=other.path, title="别的社区", year=2026, quarter=1,
        subject="RESIDENTS", published_at=datetime.now(UTC),
    )  # fmt: skip
    # when
    mine = (await api.gql(NOTICES, as_="resident1"))["pointsNotices"]["edges"]
    # then: community1's notice (an ancestor of their building), not the other street's
    nodes = {edge["node"]["node"]["id"] for edge in mine}
    assert nodes == {gid(await community_of(0))}
    assert gid(await street(1)) not in nodes


async def test_a_ranking_and_a_notice_download_as_csv_and_xlsx(api: Api, client, demo):
    # given
    community = await community_of(0)
    _, day = last_quarter()
    notice = await models.PointsNotice.get(node_id=community.id)
    headers = {"Authorization": f"Bearer {await api.token('community1')}"}
    # when
    ranking = await client.get(
        "/exports/points-ranking.csv",
        params={"nodeId": gid(community), "day": day.isoformat(), "subject": "RESIDENTS"},
        headers=headers,
    )
    sheet = await client.get(
        "/exports/points-notice.xlsx", params={"noticeId": gid(notice)}, headers=headers
    )
    sibling = await client.get(
        "/exports/points-ranking.csv",
        params={"nodeId": gid(await community_of(1)), "day": day.isoformat()},
        headers=headers,
    )
    # then
    assert ranking.status_code == 200
    lines = ranking.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "名次,名称,积分,户均积分"
    assert lines[1].startswith("1,")
    assert sheet.status_code == 200
    assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert sibling.status_code == 404
