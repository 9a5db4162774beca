"""A claim of a case outside the viewer's scope does the same database work as a claim of a
missing one (the same answer, and the same timing class): no statement more for a case that
exists, in whatever state, elsewhere."""

import models
from models import CaseStatus
from resolvers.ids import encode_global_id
from tests.helpers import Api, QueryCounter, node_named

CLAIM = "mutation($id: ID!) { claimCase(id: $id) { case { id } errors { code field message } } }"


async def test_claiming_elsewhere_costs_what_claiming_nothing_costs(
    api: Api, demo, queries: QueryCounter
) -> None:
    # given: volunteer1 (first grid of the first street) and claimed cases of the second street
    street2 = (await models.OrgNode.filter(level=models.OrgLevel.STREET).order_by("id"))[1]
    assert street2.id == (await node_named(models.OrgLevel.STREET, 1)).id
    elsewhere = await models.Case.filter(
        status=CaseStatus.CLAIMED, node_path__startswith=street2.path
    ).first()
    assert elsewhere is not None
    await api.token("volunteer1")
    answers, counts = [], []
    for pk in (elsewhere.id, 2_000_000):
        queries.reset()
        # when
        data = await api.gql(CLAIM, {"id": encode_global_id("Case", pk)}, as_="volunteer1")
        answers.append(data["claimCase"]["errors"])
        counts.append(queries.count)
    # then
    assert answers[0] == answers[1]
    assert answers[0][0]["code"] == "NOT_FOUND"
    assert counts[0] == counts[1], counts
