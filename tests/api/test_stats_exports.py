"""GET /exports/stats.csv|.xlsx: the `stats` query's tables as files, scoped identically,
hidden figures blank, formulas neutralised, the row cap kept."""

import dataclasses

import pytest

from app.settings import Settings
from resolvers.spreadsheets import FORMULA_STARTS
from tests.api import stats_data
from tests.api.stats_data import Street
from tests.api.test_exports import csv_rows, get, xlsx_sheet
from tests.helpers import Api, gid

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
ROW_HEADER = [
    "节点", "收集诉求", "办结", "按时办结", "平均评分", "排查隐患", "整改隐患", "化解纠纷",
    "活跃志愿者", "志愿服务时长", "发放积分", "兑换积分", "居民", "户数", "党员", "独居老人",
    "未处理告警",
]  # fmt: skip


@pytest.fixture
async def street(demo) -> Street:
    return await stats_data.build_street()


async def test_the_rows_are_the_querys_node_then_children(api: Api, street, client):
    # when
    response = await get(
        client, api, "/exports/stats.csv", "stats_street", nodeId=gid(street.nodes["S"]), **MARCH
    )
    # then
    rows = csv_rows(response)
    assert rows[0] == ROW_HEADER
    assert [row[0] for row in rows[1:]] == ["统计街道", "一社区", "二社区"]
    assert rows[1][1:8] == ["10", "6", "5", "4.20", "2", "1", "1"]
    assert rows[1][8:17] == ["2", "4.00", "25", "6", "5", "3", "2", "2", "2"]
    assert rows[3][1:4] == ["2", "1", "0"]


async def test_hidden_figures_are_blank_not_zero(api: Api, street, client):
    response = await get(
        client, api, "/exports/stats.csv", "stats_g1", nodeId=gid(street.nodes["G1"]), **MARCH
    )
    rows = csv_rows(response)
    assert [row[0] for row in rows[1:]] == ["一网格", "1栋"]
    assert rows[1][7] == ""  # disputes mediated: a grid leader reads no disputes
    assert rows[1][1] == "4"


async def test_the_series_as_xlsx(api: Api, street, client):
    # when
    response = await get(
        client, api, "/exports/stats.xlsx", "stats_street", nodeId=gid(street.nodes["S"]),
        granularity="WEEK", table="series", lang="en", **MARCH,
    )  # fmt: skip
    # then
    rows = [list(r) for r in xlsx_sheet(response).iter_rows(values_only=True)]
    assert rows[0][:4] == ["start", "end", "cases_submitted", "cases_resolved"]
    assert [(r[0], r[1]) for r in rows[1:]][:2] == [
        ("2026-03-01", "2026-03-01"),
        ("2026-03-02", "2026-03-08"),
    ]
    assert [r[2] for r in rows[1:]] == ["0", "5", "4", "0", "0", "1"]


@pytest.mark.parametrize(("user", "key"), [("stats_g1", "G2"), ("stats_vol", "G1")])
async def test_out_of_scope_is_404_like_a_missing_node(api: Api, street, client, user, key):
    response = await get(
        client, api, "/exports/stats.csv", user, nodeId=gid(street.nodes[key]), **MARCH
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
        ({"from": "2024-01-01", "to": "2026-01-01", "granularity": "DAY"}, "to"),
        ({"from": "2026-3-1", "to": "2026-03-31"}, "from"),
        ({"to": "2026-03-31"}, "from"),
        ({**MARCH, "granularity": "YEAR"}, "granularity"),
        ({**MARCH, "table": "people"}, "table"),
        ({**MARCH, "nodeid": "x"}, "nodeid"),
    ],
)
async def test_bad_parameters_are_400_invalid(api: Api, street, client, params, field):
    response = await get(
        client, api, "/exports/stats.csv", "stats_street", nodeId=gid(street.nodes["S"]), **params
    )
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "INVALID"
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
async def test_a_node_named_like_a_formula_is_neutralised(api: Api, street, client, extension):
    # given
    community = street.nodes["C2"]
    community.name = '=HYPERLINK("http://x","y")'
    await community.save(update_fields=["name"])
    # when
    path = f"/exports/stats.{extension}"
    response = await get(client, api, path, "stats_street", nodeId=gid(street.nodes["S"]), **MARCH)
    # then
    if extension == "csv":
        names = [row[0] for row in csv_rows(response)]
    else:
        names = [r[0] for r in xlsx_sheet(response).iter_rows(values_only=True)]
    assert "'" + community.name in names
    assert not any(str(name).startswith(FORMULA_STARTS) for name in names)


class TestCapped:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return dataclasses.replace(settings, export_max_rows=2)

    async def test_the_row_cap_cuts_and_says_so(self, api: Api, street, client):
        response = await get(
            client, api, "/exports/stats.csv", "stats_street", nodeId=gid(street.nodes["S"]),
            **MARCH,
        )  # fmt: skip
        assert response.headers["x-export-truncated"] == "true"
        rows = csv_rows(response)
        assert [row[0] for row in rows[1:3]] == ["统计街道", "一社区"]
        assert rows[-1][0].startswith("注意：结果超过 2 行")
