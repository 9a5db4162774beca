"""Inputs read into resolver dataclasses: ids typed by what they name are decoded on the way."""

from datetime import UTC, datetime

import pytest
import strawberry

import resolvers.activities.planning
import resolvers.points.reading
from resolvers.errors import Invalid
from resolvers.ids import encode_global_id
from schema.activities.fields import CreateActivityInput, UpdateActivityInput
from schema.inputs import decoded
from schema.points.entries import PointEntryFilter


def _id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(encode_global_id(type_name, pk))


def test_each_id_field_becomes_its_rows_pk_and_the_rest_is_copied():
    # given
    where = PointEntryFilter(node_id=_id("OrgNode", 3), rule_id=_id("PointRule", 7), day=None)
    # when
    entry_filter = where.to_filter()
    # then
    assert entry_filter == resolvers.points.reading.EntryFilter(node_id=3, rule_id=7)


def test_a_null_id_stays_null_and_a_required_one_is_decoded():
    # given
    new = CreateActivityInput(
        node_id=_id("OrgNode", 1),
        title="义诊",
        place="活动室",
        starts_at=datetime(2026, 12, 5, 9, tzinfo=UTC),
        ends_at=datetime(2026, 12, 5, 11, tzinfo=UTC),
        capacity=10,
        rule_id=_id("PointRule", 5),
    )
    # when
    activity = new.to_input()
    # then
    assert (activity.rule_id, activity.team_id) == (5, None)


def test_an_id_of_another_type_is_invalid_for_that_input_field():
    # given: a resident's id where a team's belongs
    change = UpdateActivityInput(team_id=_id("Resident", 2))
    # when
    with pytest.raises(Invalid) as refused:
        change.to_input()
    # then
    assert refused.value.field == "teamId"


def test_given_values_win_over_the_inputs_own():
    # given
    where = PointEntryFilter(node_id=_id("OrgNode", 3))
    # when
    entry_filter = decoded(where, resolvers.points.reading.EntryFilter, node_id=9)
    # then
    assert entry_filter.node_id == 9
