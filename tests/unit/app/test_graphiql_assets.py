"""The vendored GraphiQL files are exactly what scripts/vendor_graphiql.py recorded: the pinned
package versions, and each file's size and SHA-256 (issue 10)."""

import hashlib
import json
import re

import pytest

from app import graphiql
from scripts.vendor_graphiql import MANIFEST, PINS, TARGET

MANIFEST_DATA = json.loads((graphiql.VENDORED / MANIFEST).read_text(encoding="utf-8"))


def test_the_manifest_records_the_pinned_packages():
    recorded = [(p["name"], p["version"], p["integrity"]) for p in MANIFEST_DATA["packages"]]
    assert recorded == [(pin.name, pin.version, pin.integrity) for pin in PINS]
    pinned = {name: (pin.name, source) for pin in PINS for source, name in pin.files}
    files = MANIFEST_DATA["files"]
    assert {name: (f["package"], f["source"]) for name, f in files.items()} == pinned


@pytest.mark.parametrize("name", sorted(MANIFEST_DATA["files"]))
def test_each_vendored_file_matches_its_checksum(name: str):
    content = (graphiql.VENDORED / name).read_bytes()
    recorded = MANIFEST_DATA["files"][name]
    assert len(content) == recorded["bytes"], name
    assert hashlib.sha256(content).hexdigest() == recorded["sha256"], name


def test_the_script_writes_where_the_app_reads_a_folder_named_vendor():
    # Third-party code lives under a folder named `vendor`, which linters and the `duplicates`
    # report leave out as not ours.
    assert TARGET == graphiql.VENDORED
    assert graphiql.VENDORED.name == "vendor"


def test_the_folder_holds_nothing_the_manifest_does_not_list():
    present = {path.name for path in graphiql.VENDORED.iterdir()}
    assert present == {*MANIFEST_DATA["files"], MANIFEST}


def test_the_page_loads_only_served_files_and_nothing_from_another_origin():
    html = graphiql.page_html()
    loaded = re.findall(r'(?:src|href)="graphiql/([^"?]+)\?v=', html)
    assert sorted(loaded) == sorted((*graphiql.STYLES, *graphiql.SCRIPTS))
    assert set(loaded) <= set(graphiql.assets())
    assert not re.search(r"(https?:)?//", html)
    assert "<script>" not in html  # no inline script: the CSP allows only 'self'
