"""The only action strings allowed: `<resource>.<verb>`, as in policy.csv."""

from enum import StrEnum

from models import Role


class Action(StrEnum):
    ORG_READ = "org.read"
    ORG_CREATE = "org.create"
    ORG_UPDATE = "org.update"
    USER_READ = "user.read"
    USER_CREATE = "user.create"
    GRANT_SYSTEM_ADMIN = "grant.system_admin"
    GRANT_STREET_ADMIN = "grant.street_admin"
    GRANT_COMMUNITY_ADMIN = "grant.community_admin"
    GRANT_GRID_LEADER = "grant.grid_leader"
    GRANT_BUILDING_LEADER = "grant.building_leader"
    GRANT_CENTRAL_HOUSEHOLD = "grant.central_household"
    GRANT_VOLUNTEER = "grant.volunteer"
    GRANT_RESIDENT = "grant.resident"
    GRANT_AUDITOR = "grant.auditor"

    @property
    def resource(self) -> str:
        return self.value.split(".", 1)[0]

    @property
    def verb(self) -> str:
        return self.value.split(".", 1)[1]

    @classmethod
    def grant(cls, role: Role) -> "Action":
        """The action that granting (or revoking) `role` needs."""
        return cls(f"grant.{role.value.lower()}")
