"""What the public building page (三亮) shows anyone, without login: the policy of a page no
grant scopes. It names people only where a title or a consent makes them public, and holds no
phone, ID number, birth date, household, unit or room of anyone.

- Titles held at the building that are public by their nature: 楼栋党小组组长, 楼栋长, 红管家
  (name and title only).
- Party members living in the building who consented (`PartyMember.show_publicly`): name,
  kind and service pledge (what the consent covers), while their resident record is active.
- Notices current now at the building and the nodes above it (what its residents read).
- Awards (titles earned, e.g. 红色美丽楼栋) of the building valid on the day.
"""

import re
import unicodedata
from datetime import date, datetime

from tortoise.expressions import Q

from models import CampaignKind, TitleKind, path_ids
from policies.notices import current_notices

PUBLIC_TITLES = (TitleKind.PARTY_GROUP_LEADER, TitleKind.BUILDING_HEAD, TitleKind.RED_STEWARD)
# Awards a building earns (the other kinds name households, merchants or people).
BUILDING_AWARDS = (CampaignKind.MODEL_BUILDING,)


# Seven digits or more with at most two other signs (not letters, not Chinese) between each two:
# a phone number however it is written (139-1234-5678, 138/1234/5678, 138，1234，5678), an ID
# or a house number; a pledge ("每周服务2小时") never needs one.
_NUMBER_RUN = re.compile(r"\d(?:(?:[^\w\u3400-\u9fff]|_){0,2}\d){6,}")


def holds_contact_number(text: str) -> bool:
    """A pledge is shown to anyone: it may not carry a phone or ID number, whatever its digits'
    width (full-width digits fold to ASCII first)."""
    return _NUMBER_RUN.search(unicodedata.normalize("NFKC", text)) is not None


def public_titles_filter(building_id: int) -> Q:
    return Q(node_id=building_id, kind__in=list(PUBLIC_TITLES), resident__active=True)


def public_party_members_filter(building_id: int) -> Q:
    return Q(
        resident__household__building_id=building_id,
        resident__active=True,
        show_publicly=True,
    )


def public_notices_filter(building_path: str, now: datetime) -> Q:
    return Q(Q(node_id__in=path_ids(building_path)), current_notices(now))


def public_awards_filter(building_id: int, day: date) -> Q:
    return Q(
        node_id=building_id,
        kind__in=list(BUILDING_AWARDS),
        valid_from__lte=day,
        valid_until__gte=day,
    )


def may_set_own_consent(viewer_user_id: int | None, resident_user_id: int | None) -> bool:
    """A party member's consent to the public page and their pledge are their own: set by the
    member through the account linked to their resident record (staff record a paper consent
    with setPartyMember, under person.write)."""
    return viewer_user_id is not None and viewer_user_id == resident_user_id
