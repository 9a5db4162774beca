"""The suite drops and re-creates the database TEST_DATABASE_URL names: only a test database."""

import pytest

from tests.conftest import PostgresDatabase


@pytest.mark.parametrize("name", ["loudong", "production", "postgres"])
def test_a_database_not_named_for_tests_is_refused(name: str) -> None:
    with pytest.raises(pytest.UsageError, match="must contain 'test'"):
        PostgresDatabase(f"postgres://loudong:secret@127.0.0.1:5432/{name}")


def test_templates_and_maintenance_database_are_derived_from_the_test_database() -> None:
    database = PostgresDatabase("postgres://u:p@127.0.0.1:5432/loudong_test")
    assert database.template_url("demo") == "postgres://u:p@127.0.0.1:5432/loudong_test_tpl_demo"
    assert database.maintenance == "postgres://u:p@127.0.0.1:5432/postgres"
