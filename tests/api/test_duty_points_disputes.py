"""A dispute's content stays with those who read disputes: the duty points (履职积分) its
verification credits go into the one points ledger, which is read far wider (weekly totals,
rankings, the quarterly public notice) and which no one may edit afterwards (append-only on
PostgreSQL). So a ledger entry never copies a dispute's title; other cases' titles it keeps."""

import models
from models import CaseKind, CaseStatus
from tests.helpers import Api, gid, node_named

VERIFY = "mutation($id: ID!) { verifyCase(id: $id) { case { status } errors { code message } } }"


async def rated_case(kind: CaseKind, street: models.OrgNode, verifier: models.User) -> models.Case:
    """A rated case of the demo in the street, resolved by someone other than the verifier."""
    case = (
        await models.Case.filter(
            kind=kind, status=CaseStatus.RATED, node_path__startswith=street.path
        )
        .exclude(resolved_by_id=verifier.id)
        .exclude(resolved_by_id=None)
        .order_by("id")
        .first()
    )
    assert case is not None, kind
    return case


async def test_verifying_a_dispute_credits_points_without_its_title(api: Api, demo) -> None:
    # given: a rated dispute and a rated demand of the first street; street1 verifies both
    street = await node_named(models.OrgLevel.STREET, 0)
    street1 = await models.User.get(username="street1")
    dispute = await rated_case(CaseKind.DISPUTE, street, street1)
    demand = await rated_case(CaseKind.DEMAND, street, street1)
    for case in (dispute, demand):
        # when
        data = await api.gql(VERIFY, {"id": gid(case)}, as_="street1")
        assert data["verifyCase"]["errors"] == [], data
    # then: both credited; the demand's entry names it, the dispute's does not
    [for_dispute] = await models.PointEntry.filter(case_id=dispute.id)
    [for_demand] = await models.PointEntry.filter(case_id=demand.id)
    assert for_dispute.kind is models.PointKind.DUTY
    assert for_dispute.amount > 0
    assert dispute.title not in for_dispute.reason
    assert demand.title in for_demand.reason


async def test_the_demo_ledger_holds_no_disputes_title(demo) -> None:
    # given: the seed credits verified cases as the API does
    disputes = await models.Case.filter(kind=CaseKind.DISPUTE, status=CaseStatus.VERIFIED)
    entries = {
        entry.case_id: entry.reason
        for entry in await models.PointEntry.filter(case_id__in=[d.id for d in disputes])
    }
    # then
    assert entries, "the demo verifies some disputes"
    assert not [d.title for d in disputes if d.id in entries and d.title in entries[d.id]]
