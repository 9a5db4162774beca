"""What of a resident's personal data the viewer sees: masked unless policy says otherwise."""

from collections.abc import Callable

import models
from policies.actions import Action
from policies.authorizer import sees_unmasked
from resolvers.context import Context
from resolvers.validation import (
    age_on,
    mask_id_number,
    mask_phone,
    today,
)


def building_path_of(resident: models.Resident) -> str:
    # readable_residents and the members loader select_related the household and building.
    return resident.household.building.path


def _visible(
    ctx: Context,
    resident: models.Resident,
    value: str | None,
    action: Action,
    mask: Callable[[str], str],
) -> str | None:
    if value is None:
        return None
    path = building_path_of(resident)
    return value if sees_unmasked(ctx.viewer, action, path, resident.household_id) else mask(value)


def visible_phone(ctx: Context, resident: models.Resident) -> str | None:
    return _visible(ctx, resident, resident.phone, Action.PERSON_SEE_PHONE, mask_phone)


def visible_id_number(ctx: Context, resident: models.Resident) -> str | None:
    return _visible(ctx, resident, resident.id_number, Action.PERSON_SEE_ID_NUMBER, mask_id_number)


def age(resident: models.Resident) -> int | None:
    return age_on(resident.birth_date, today()) if resident.birth_date else None
