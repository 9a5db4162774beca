"""What of a resident's personal data the viewer sees: masked unless policy says otherwise.

The rule and its reasoning are in policies/masking.py; the screen and the residents export both
ask `visible` here, so they cannot differ.
"""

import models
from policies.actions import Action
from policies.authorizer import sees_unmasked
from policies.masking import PersonalData, visible_personal_data
from resolvers.context import Context
from resolvers.validation import today


def building_path_of(resident: models.Resident) -> str:
    # readable_residents and the members loader select_related the household and building.
    return resident.household.building.path


def visible(ctx: Context, resident: models.Resident) -> PersonalData:
    """The resident's phone, ID number, birth date, birth year and age as this viewer sees them."""
    path, household_id = building_path_of(resident), resident.household_id
    return visible_personal_data(
        phone=resident.phone,
        id_number=resident.id_number,
        birth_date=resident.birth_date,
        phone_clear=sees_unmasked(ctx.viewer, Action.PERSON_SEE_PHONE, path, household_id),
        id_clear=sees_unmasked(ctx.viewer, Action.PERSON_SEE_ID_NUMBER, path, household_id),
        today=today(),
    )
