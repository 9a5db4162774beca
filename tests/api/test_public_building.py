"""The public building page (三亮), without login (issue 13): no personal field of any resident
on the page of any demo building, unknown / rotated / malformed tokens alike, the rate limit,
the cache and its invalidation, and a party member's own consent."""

import json
import secrets
from typing import Any

import models
import resolvers.public.page as public_page
from resolvers.conventions.reading import current_convention_sections, service_items_of
from resolvers.ratelimit import Budget
from tests.api.test_qr import from_address
from tests.helpers import Api, gid

PAGE_FIELDS = """
  id name street community grid
  partyGroup { name leaders { name title titleLabel } }
  buildingHeads { name title titleLabel }
  redStewards { name title titleLabel }
  partyMembers { name kind kindLabel pledge }
  awards { kind title validFrom validUntil }
  notices { kind kindLabel title body level postedAt publishedAt expiresAt }
  submitCase { mutation kinds instructions }
  convention { title number adoptedAt sections { section label body } }
  serviceItems { number category categoryLabel title description }
"""
BY_TOKEN = f"query Page($t: String!) {{ publicBuilding(qrToken: $t) {{ {PAGE_FIELDS} }} }}"
BY_ID = f"query PageById($id: ID!) {{ publicBuildingById(id: $id) {{ {PAGE_FIELDS} }} }}"
ROTATE = "mutation R($b: ID!) { rotateBuildingQrToken(buildingId: $b) { token errors { code } } }"
CONSENT = """
mutation C($s: Boolean!, $p: String) {
  setMyPublicConsent(showPublicly: $s, pledge: $p) {
    partyMember { id } errors { code field }
  }
}
"""
PUBLIC_TITLE_KINDS = [
    models.TitleKind.PARTY_GROUP_LEADER,
    models.TitleKind.BUILDING_HEAD,
    models.TitleKind.RED_STEWARD,
]


async def convention_and_items(building: models.OrgNode) -> None:
    """An adopted convention (and a newer draft) for `building`, and service items (one
    retired) for its community, unless the seed wrote some already."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    if await models.ConventionVersion.filter(building_id=building.id).exists():
        return
    sections = [
        (models.ConventionSection.RESPECT_ELDERS, "尊老爱幼，邻里和睦。"),
        (models.ConventionSection.DOG_KEEPING, "文明养犬，出门拴绳。"),
    ]
    for number, title in ((1, "楼栋公约（第一版）"), (2, "楼栋公约（草案）")):
        version = await models.ConventionVersion.create(
            building_id=building.id, node_path=building.path, number=number, title=title
        )
        for position, (section, body) in enumerate(sections):
            text = body if number == 1 else "草案正文"
            await models.ConventionSectionText.create(
                version_id=version.id, section=section, position=position, body=text
            )
        if number == 1:  # adopted once written (PostgreSQL's trigger freezes an adopted one)
            await models.ConventionVersion.filter(id=version.id).update(
                status=models.ConventionStatus.ADOPTED, adopted_at=now
            )
    community_id = models.path_ids(building.path)[1]
    community = await models.OrgNode.get(id=community_id)
    if await models.ServiceItem.filter(community_id=community_id).exists():
        return
    for number, (title, status) in enumerate(
        [("为独居老人代买药品", models.ServiceItemStatus.ACTIVE),
         ("周末儿童托管", models.ServiceItemStatus.ACTIVE),
         ("上门理发", models.ServiceItemStatus.RETIRED)], start=1,
    ):  # fmt: skip
        await models.ServiceItem.create(
            community_id=community_id, node_path=community.path, number=number,
            category=models.ServiceCategory.ELDERLY, title=title, status=status,
        )  # fmt: skip


def roomy(monkeypatch: Any) -> None:
    """No rate limit in the way of tests that fetch many pages."""
    monkeypatch.setattr(public_page, "PUBLIC_PER_ADDRESS", Budget("public-address", 100_000, 60.0))


async def token_of(building: models.OrgNode) -> str:
    row, _ = await models.BuildingQrToken.get_or_create(
        {"token": secrets.token_urlsafe(24)}, building_id=building.id
    )
    return row.token


async def page(api: Api, query: str, variables: dict[str, Any], as_: str | None = None) -> Any:
    body = await api.raw(query, variables, as_=as_)
    assert "errors" not in body, body
    return body["data"]


async def allowed_names(building_id: int) -> set[str]:
    titled = await models.Title.filter(
        node_id=building_id, kind__in=PUBLIC_TITLE_KINDS, resident__active=True
    ).values_list("resident__name", flat=True)
    consenting = await models.PartyMember.filter(
        resident__household__building_id=building_id, resident__active=True, show_publicly=True
    ).values_list("resident__name", flat=True)
    return {str(name) for name in [*titled, *consenting]}


def leaks(
    text: str, residents: list[dict[str, Any]], allowed: set[str], public: list[str]
) -> list[str]:
    """Every personal value of any resident found in `text`; names only outside `allowed`
    (and outside the public names of nodes, which `public` lists)."""
    found: list[str] = []
    for resident in residents:
        born = resident["birth_date"]
        values = [
            resident["phone"],
            resident["id_number"],
            resident["household__number"],
            born.isoformat() if born else None,
            born.strftime("%Y%m%d") if born else None,
            f"{born.year}年{born.month}月{born.day}日" if born else None,
        ]
        found.extend(str(v) for v in values if v and str(v) in text)
    scrubbed = text
    for name in sorted([*allowed, *public], key=len, reverse=True):
        scrubbed = scrubbed.replace(name, "")
    found.extend(r["name"] for r in residents if r["name"] not in allowed and r["name"] in scrubbed)
    return found


async def test_no_personal_field_on_the_page_of_any_demo_building(api: Api, demo, monkeypatch):
    # given: every demo building's code, and every resident's personal fields
    roomy(monkeypatch)
    buildings = await models.OrgNode.filter(level=models.OrgLevel.BUILDING).order_by("id")
    assert len(buildings) == 60
    residents = await models.Resident.all().values(
        "name", "phone", "id_number", "birth_date", "household__number"
    )
    node_names = [str(n) for n in await models.OrgNode.all().values_list("name", flat=True)]
    for building in buildings[::15]:  # one in each community
        await convention_and_items(building)
    shown_members = 0
    for building in buildings:
        allowed = await allowed_names(building.id)
        token = await token_of(building)
        # when: the page by code and by id, without login
        by_token = (await page(api, BY_TOKEN, {"t": token}))["publicBuilding"]
        by_id = (await page(api, BY_ID, {"id": gid(building)}))["publicBuildingById"]
        # then: the same page, and no personal field of anyone on it
        assert by_token == by_id
        assert by_token["name"] == building.name
        text = json.dumps(by_token, ensure_ascii=False)
        for key in ("phone", "idNumber", "birthDate", "household", "address", "token", "room"):
            assert f'"{key}"' not in text, (building.name, key)
        assert not leaks(text, residents, allowed, node_names), (building.name, text)
        assert token not in text
        shown = {m["name"] for m in by_token["partyMembers"]}
        assert shown <= allowed
        shown_members += len(shown)
    # and the pages do show people, and the scan finds what it looks for (it is not vacuous)
    assert shown_members > 60
    someone = next(r for r in residents if r["phone"] and r["birth_date"])
    assert len(leaks(f"{someone['phone']} {someone['name']}", [someone], set(), [])) == 2
    assert leaks(someone["birth_date"].strftime("%Y%m%d"), [someone], set(), [])


async def test_the_page_shows_the_three_shows(api: Api, demo, monkeypatch):
    # given: the first demo building
    roomy(monkeypatch)
    building = await models.OrgNode.filter(level=models.OrgLevel.BUILDING).order_by("id").first()
    assert building is not None
    data = (await page(api, BY_ID, {"id": gid(building)}))["publicBuildingById"]
    # then: its names, party group and leader, head, stewards, consenting members, notices
    grid = await models.OrgNode.get(id=building.parent_id)
    assert data["grid"] == grid.name
    assert data["partyGroup"]["name"] == f"{building.name}党小组"
    assert [p["titleLabel"] for p in data["partyGroup"]["leaders"]] == ["楼栋党小组组长"]
    assert data["buildingHeads"]
    assert data["buildingHeads"][0]["titleLabel"] == "楼栋长"
    consenting = await models.PartyMember.filter(
        resident__household__building_id=building.id, show_publicly=True, resident__active=True
    ).count()
    assert len(data["partyMembers"]) == consenting
    assert all(n["kind"] in {"GENERAL", "PUBLIC_NOTICE", "POINTS"} for n in data["notices"])
    assert {n["level"] for n in data["notices"]} >= {"STREET", "COMMUNITY"}
    assert data["submitCase"]["mutation"] == "submitCaseByQr"
    assert "DISPUTE" not in data["submitCase"]["kinds"]
    version, sections = await current_convention_sections(building.id)
    if version is None:
        assert data["convention"] is None
    else:
        assert data["convention"]["number"] == version.number
        assert [x["body"] for x in data["convention"]["sections"]] == [x.body for x in sections]
    items = await service_items_of(models.path_ids(building.path)[1])
    assert [i["title"] for i in data["serviceItems"]] == [i.title for i in items]


async def test_the_page_shows_the_convention_and_the_service_items(api: Api, demo, monkeypatch):
    # given: a new building with an adopted convention and a newer draft, and service items of
    # its community (one retired)
    roomy(monkeypatch)
    grid = await models.OrgNode.filter(level=models.OrgLevel.GRID).order_by("id").first()
    assert grid is not None
    building = await models.OrgNode.create(
        name="公约测试楼", level=models.OrgLevel.BUILDING, parent_id=grid.id, path=grid.path
    )
    building.path = f"{grid.path}{building.id}/"
    await building.save(update_fields=["path"])
    await convention_and_items(building)
    community = await models.OrgNode.get(id=models.path_ids(building.path)[1])
    last = await models.ServiceItem.filter(community_id=community.id).order_by("-number").first()
    top = last.number if last is not None else 0
    for offset, (title, status) in enumerate(
        [("楼道助老扶手安装", models.ServiceItemStatus.ACTIVE),
         ("旧衣回收", models.ServiceItemStatus.RETIRED)], start=1,
    ):  # fmt: skip
        await models.ServiceItem.create(
            community_id=community.id, node_path=community.path, number=top + offset,
            category=models.ServiceCategory.ELDERLY, title=title, status=status,
        )  # fmt: skip
    # when
    data = (await page(api, BY_ID, {"id": gid(building)}))["publicBuildingById"]
    # then: the adopted version (never the draft), the active items only
    convention = data["convention"]
    assert convention["title"] == "楼栋公约（第一版）"
    assert [s["label"] for s in convention["sections"]] == ["尊老爱幼", "文明养犬"]
    titles = [i["title"] for i in data["serviceItems"]]
    assert "楼道助老扶手安装" in titles
    assert "旧衣回收" not in titles
    assert titles == [i.title for i in await service_items_of(community.id)]
    assert data["serviceItems"][0]["categoryLabel"]


async def test_signed_in_or_not_the_same_page(api: Api, demo, monkeypatch):
    roomy(monkeypatch)
    building = await models.OrgNode.filter(level=models.OrgLevel.BUILDING).order_by("id").first()
    assert building is not None
    anonymous = await page(api, BY_ID, {"id": gid(building)})
    for user in ("resident1", "community2", "admin"):
        assert await page(api, BY_ID, {"id": gid(building)}, as_=user) == anonymous


async def test_unknown_rotated_and_malformed_tokens_answer_alike(api: Api, demo, monkeypatch):
    # given: a building's code, then rotated
    roomy(monkeypatch)
    building = await models.OrgNode.filter(level=models.OrgLevel.BUILDING).order_by("id").first()
    assert building is not None
    old = await token_of(building)
    assert (await page(api, BY_TOKEN, {"t": old}))["publicBuilding"] is not None  # now cached
    rotated = await api.gql(ROTATE, {"b": gid(building)}, as_="building1")
    new = rotated["rotateBuildingQrToken"]["token"]
    # when
    answers = [
        await api.raw(BY_TOKEN, {"t": token})
        for token in (old, "A" * 32, "x", "bad token with spaces!", "'; DROP TABLE x;--", "")
    ]
    # then: every one is the same null, no error
    assert all(answer == {"data": {"publicBuilding": None}} for answer in answers), answers
    # and the new code works at once
    assert (await page(api, BY_TOKEN, {"t": new}))["publicBuilding"]["name"] == building.name


async def test_ids_that_name_no_building_answer_null(api: Api, demo, monkeypatch):
    roomy(monkeypatch)
    street = await models.OrgNode.filter(level=models.OrgLevel.STREET).first()
    resident = await models.Resident.first()
    assert street is not None
    assert resident is not None
    for value in (gid(street), gid(resident), "T3JnTm9kZTo5OTk5OTk=", "not-an-id", ""):
        assert await api.raw(BY_ID, {"id": value}) == {"data": {"publicBuildingById": None}}


async def test_malformed_tokens_are_not_counted_and_the_limit_holds(app, api: Api, demo):
    # given: the real budget (30 a minute per address)
    building = await models.OrgNode.filter(level=models.OrgLevel.BUILDING).order_by("id").first()
    assert building is not None
    token = await token_of(building)
    before = await models.RateLimit.all().count()
    # when: malformed tokens, many
    for _ in range(40):
        assert (await api.raw(BY_TOKEN, {"t": "bad!"}))["data"] == {"publicBuilding": None}
    # then: nothing was counted
    assert await models.RateLimit.all().count() == before
    # when: well-formed requests from one address
    codes = []
    for n in range(32):
        body = await api.raw(BY_TOKEN, {"t": token if n % 2 else "B" * 32})
        codes.append(body["errors"][0]["extensions"]["code"] if "errors" in body else "OK")
    # then: the first 30 answer, the rest are refused
    assert codes == ["OK"] * 30 + ["RATE_LIMITED"] * 2
    # and another address still reads the page
    async with from_address(app, "203.0.113.9") as other:
        assert (await page(other, BY_TOKEN, {"t": token}))["publicBuilding"] is not None


async def test_a_consent_change_shows_at_once(api: Api, demo, monkeypatch):
    # given: resident1's resident is a party member who consented, the page cached
    roomy(monkeypatch)
    resident = await models.Resident.filter(user__username="resident1").order_by("id").first()
    assert resident is not None
    await models.PartyMember.update_or_create(
        {"kind": models.PartyMemberKind.RETIRED_CADRE, "show_publicly": False},
        resident_id=resident.id,
    )
    household = await models.Household.get(id=resident.household_id)
    building_id = gid(await models.OrgNode.get(id=household.building_id))

    def names(data: Any) -> set[str]:
        return {m["name"] for m in data["publicBuildingById"]["partyMembers"]}

    assert resident.name not in names(await page(api, BY_ID, {"id": building_id}))
    # when: they consent, with a pledge
    payload = (await api.gql(CONSENT, {"s": True, "p": "每周为独居老人代买药品"}, as_="resident1"))[
        "setMyPublicConsent"
    ]
    assert payload["errors"] == []
    # then: shown at once (the cached page was dropped), with the pledge
    data = await page(api, BY_ID, {"id": building_id})
    shown = [m for m in data["publicBuildingById"]["partyMembers"] if m["name"] == resident.name]
    assert shown
    assert shown[0]["pledge"] == "每周为独居老人代买药品"
    assert shown[0]["kindLabel"] == "离退休干部党员"
    # when: they withdraw it
    await api.gql(CONSENT, {"s": False}, as_="resident1")
    # then: gone at once
    assert resident.name not in names(await page(api, BY_ID, {"id": building_id}))


async def test_only_the_member_sets_their_consent(api: Api, demo):
    # given: staff, and a resident account whose resident is no party member
    resident = await models.Resident.filter(user__username="resident2").order_by("id").first()
    assert resident is not None
    await models.PartyMember.filter(resident_id=resident.id).delete()
    before = await models.PartyMember.all().values_list("id", "show_publicly", "pledge")
    for user in ("resident2", "community1", "admin"):
        payload = (await api.gql(CONSENT, {"s": True, "p": "x"}, as_=user))["setMyPublicConsent"]
        assert payload["errors"][0]["code"] == "FORBIDDEN", user
    # and a bad pledge is INVALID
    member = await models.Resident.filter(user__username="resident1").order_by("id").first()
    assert member is not None
    await models.PartyMember.get_or_create(
        {"kind": models.PartyMemberKind.IN_SERVICE}, resident_id=member.id
    )
    before = (
        await models.PartyMember.all().order_by("id").values_list("id", "show_publicly", "pledge")
    )
    # a format character, and phone numbers in any spelling (shown to anyone): INVALID
    for pledge in (
        "承诺\u202e",
        "有事请打13912345678",
        "电话 139-1234-5678",
        "".join(chr(0xFF10 + int(d)) for d in "13912345678"),
    ):
        payload = (await api.gql(CONSENT, {"s": True, "p": pledge}, as_="resident1"))[
            "setMyPublicConsent"
        ]
        assert payload["errors"][0]["code"] == "INVALID", pledge
        assert payload["errors"][0]["field"] == "pledge"
    after = (
        await models.PartyMember.all().order_by("id").values_list("id", "show_publicly", "pledge")
    )
    assert after == before


async def test_the_cache_serves_a_crowd_from_one_assembly(api: Api, demo, monkeypatch):
    # given
    roomy(monkeypatch)
    building = await models.OrgNode.filter(level=models.OrgLevel.BUILDING).order_by("id").first()
    assert building is not None
    calls = 0
    assemble = public_page._assemble

    async def counted(row: models.OrgNode) -> public_page.PublicPage:
        nonlocal calls
        calls += 1
        return await assemble(row)

    monkeypatch.setattr(public_page, "_assemble", counted)
    token = await token_of(building)
    # when: twenty scans, by code and by id
    for n in range(20):
        if n % 2:
            await page(api, BY_TOKEN, {"t": token})
        else:
            await page(api, BY_ID, {"id": gid(building)})
    # then: assembled once
    assert calls == 1
