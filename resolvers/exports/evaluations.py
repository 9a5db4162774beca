"""GET /exports/evaluation-ranking.csv|.xlsx?campaignId=...: a campaign's ranking as a file.

The same candidates the `evaluationCandidates` list shows the viewer (a resident of the area
sees the shortlist, staff in scope every candidate), best first, with rank and score. A
campaign holds at most MAX_CANDIDATES candidates, so the ranking is read whole and cut at the
export's row cap like any other export.
"""

from collections.abc import AsyncIterator

import models
from models.workflows.evaluations import MAX_CANDIDATES
from resolvers.context import Context
from resolvers.errors import Invalid
from resolvers.evaluations.campaigns import get_campaign
from resolvers.evaluations.candidates import CANDIDATES
from resolvers.evaluations.points import ranks
from resolvers.exports.download import Download, KeysetSource, Sheet, download
from resolvers.exports.params import Params
from resolvers.exports.tabular import Column, Format, Row
from resolvers.scoping import found
from resolvers.validation import today

COLUMNS = (
    Column("排名", "rank", width=6),
    Column("名称", "name", width=24),
    Column("状态", "status", width=10),
    Column("总分", "score", width=8),
    Column("积分", "points", width=8),
)
STATUS_LABELS = {
    models.CandidateStatus.NOMINATED: "已提名",
    models.CandidateStatus.SHORTLISTED: "公示中",
    models.CandidateStatus.STRUCK: "异议成立",
    models.CandidateStatus.AWARDED: "已授予",
}


class RankingSource(KeysetSource[models.EvaluationCandidate]):
    """The candidates in ranking order (score, then id), read whole (a campaign is small)."""

    async def measure(self) -> None:
        self._rows: list[models.EvaluationCandidate] = await self._query.order_by(
            "-score_centi", "id"
        ).limit(min(self.cap, MAX_CANDIDATES) + 1)
        if len(self._rows) > self.cap:
            self._rows, self.truncated = self._rows[: self.cap], True

    async def batches(self) -> AsyncIterator[list[Row]]:
        for start in range(0, len(self._rows), self._batch):
            yield await self._to_rows(self._rows[start : start + self._batch])


def _centi(value: int) -> str:
    return f"{value / 100:.2f}"


async def evaluation_ranking_export(ctx: Context, params: Params, fmt: Format) -> Download:
    campaign_id = params.global_id("campaignId", "EvaluationCampaign")
    lang = params.lang()
    params.done()
    if campaign_id is None:
        raise Invalid("evaluations.export_campaign", field="campaignId")
    # UNAUTHENTICATED, NOT_FOUND first.
    campaign = found(await get_campaign(ctx, campaign_id), "evaluations.no_campaign", "campaignId")
    query = CANDIDATES.rows(ctx).filter(campaign_id=campaign.id)

    async def rows_of(page: list[models.EvaluationCandidate]) -> list[Row]:
        found = await ranks([c.id for c in page])
        return [
            [
                str(found.get(c.id, "")),
                c.name,
                lang.label(STATUS_LABELS, c.status),
                _centi(c.score_centi),
                _centi(c.points_centi),
            ]
            for c in page
        ]

    day = today().strftime("%Y%m%d")
    sheet = Sheet(
        columns=COLUMNS,
        name=f"评选排名-{campaign.title}-{day}",
        fallback_name=f"evaluation-ranking-{campaign.id}-{day}",
        title=lang.pick("排名", "ranking"),
    )
    source = RankingSource(query, rows_of, cap=ctx.services.export_max_rows)
    return await download(ctx, sheet, source, fmt, lang)
