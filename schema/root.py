"""Query and Mutation, merged from the domain modules."""

from strawberry.tools import merge_types

from schema.case_files import CaseFilesMutation
from schema.case_rules import CaseRulesMutation, CaseRulesQuery
from schema.cases import CasesMutation, CasesQuery
from schema.node import NodeQuery
from schema.org import OrgMutation, OrgQuery
from schema.party import PartyMutation, PartyQuery
from schema.people import PeopleMutation, PeopleQuery
from schema.people_files import PeopleFilesMutation, PeopleFilesQuery
from schema.users import UsersMutation, UsersQuery

Query = merge_types(
    "Query",
    (
        NodeQuery,
        UsersQuery,
        OrgQuery,
        PeopleQuery,
        PeopleFilesQuery,
        PartyQuery,
        CasesQuery,
        CaseRulesQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        UsersMutation,
        OrgMutation,
        PeopleMutation,
        PeopleFilesMutation,
        PartyMutation,
        CasesMutation,
        CaseFilesMutation,
        CaseRulesMutation,
    ),
)
