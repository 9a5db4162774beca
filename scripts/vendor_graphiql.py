"""Fetch GraphiQL and what its page needs from the npm registry at pinned versions, keep only the
browser bundles, and record versions and checksums in app/static/graphiql/vendor/manifest.json.

    python scripts/vendor_graphiql.py           # fetch, check, rewrite app/static/graphiql/vendor/
    python scripts/vendor_graphiql.py --check   # fetch and compare with the committed files

Needs `npm` (it runs `npm pack`, which downloads the published tarballs and nothing else: no
install scripts run). Each tarball must match the registry integrity (sha512) pinned below; to
move to another version, change `version`, empty `integrity`, run this, and pin what it prints.
GraphiQL 3's UMD bundle reads React 18 from the page's globals (React 19 has no UMD build);
these are the versions strawberry's own page loads from a CDN, known to work together.
"""

import argparse
import base64
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "app" / "static" / "graphiql" / "vendor"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    # The registry's `integrity` of the tarball (sha512, base64); "" accepts and prints it.
    integrity: str
    # Path inside the tarball -> file name in TARGET.
    files: tuple[tuple[str, str], ...]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


PINS = (
    Pin(
        "react",
        "18.2.0",
        "sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==",
        (
            ("package/umd/react.production.min.js", "react.production.min.js"),
            ("package/LICENSE", "LICENSE.react.txt"),
        ),
    ),
    Pin(
        "react-dom",
        "18.2.0",
        "sha512-6IMTriUmvsjHUjNtEDudZfuDQUoWXVxKHhlEGSk81n4YFS+r/Kl99wXiwlVXtPBtJenozv2P+hxDsw9eA7Xo6g==",
        (
            ("package/umd/react-dom.production.min.js", "react-dom.production.min.js"),
            ("package/LICENSE", "LICENSE.react-dom.txt"),
        ),
    ),
    Pin(
        "graphiql",
        "3.8.3",
        "sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==",
        (
            ("package/graphiql.min.js", "graphiql.min.js"),
            ("package/graphiql.min.css", "graphiql.min.css"),
            ("package/LICENSE", "LICENSE.graphiql.txt"),
        ),
    ),
    Pin(
        "@graphiql/plugin-explorer",
        "1.0.2",
        "sha512-9j+kg2UjtLZD5EBmGjeWHkoVVxtbShYg2DzbUVebibnZYZM/iMBEF4vaccXJIAm5KaomIPLx0aoNs4LbODyc3Q==",
        (
            ("package/dist/index.umd.js", "plugin-explorer.umd.js"),
            ("package/dist/style.css", "plugin-explorer.css"),
        ),
    ),
)


class VendorError(RuntimeError):
    """A tarball is not what was pinned, or lacks a file."""


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def integrity(content: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(content).digest()).decode()


def fetch(pins: tuple[Pin, ...], folder: Path) -> dict[str, Path]:
    """`npm pack` each pinned package into `folder`; its tarball by package name."""
    result = subprocess.run(
        ["npm", "pack", "--json", "--ignore-scripts", "--pack-destination", str(folder)]
        + [pin.spec for pin in pins],
        check=True,
        capture_output=True,
        text=True,
        cwd=folder,
    )
    packed = json.loads(result.stdout)
    return {entry["name"]: folder / entry["filename"] for entry in packed}


def unpack(pin: Pin, tarball: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The package's entry for the manifest and the files kept from it (read member by member,
    never extracted, so no path in the tarball can write outside the target)."""
    actual = integrity(tarball)
    if pin.integrity and actual != pin.integrity:
        raise VendorError(f"{pin.spec}: integrity {actual} is not the pinned {pin.integrity}")
    if not pin.integrity:
        print(f"{pin.spec}: integrity {actual} (pin it in PINS)", file=sys.stderr)
    files: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        meta = _member(archive, "package/package.json", pin)
        package = json.loads(meta)
        if (package["name"], package["version"]) != (pin.name, pin.version):
            raise VendorError(
                f"{pin.spec}: the tarball holds {package['name']}@{package['version']}"
            )
        for source, name in pin.files:
            files[name] = _member(archive, source, pin)
    entry = {
        "name": pin.name,
        "version": pin.version,
        "integrity": actual,
        "license": package.get("license", ""),
    }
    return entry, files


def _member(archive: tarfile.TarFile, path: str, pin: Pin) -> bytes:
    try:
        member = archive.getmember(path)
    except KeyError:
        raise VendorError(f"{pin.spec}: no {path} in the tarball") from None
    handle = archive.extractfile(member) if member.isfile() else None
    if handle is None:
        raise VendorError(f"{pin.spec}: {path} is not a regular file")
    return handle.read()


def build(pins: tuple[Pin, ...]) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every file, fetched anew."""
    packages: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}
    listed: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="vendor-graphiql-") as tmp:
        tarballs = fetch(pins, Path(tmp))
        for pin in pins:
            entry, kept = unpack(pin, tarballs[pin.name].read_bytes())
            packages.append(entry)
            for source, name in pin.files:
                content = files[name] = kept[name]
                listed[name] = {
                    "package": pin.name,
                    "source": source,
                    "bytes": len(content),
                    "sha256": sha256(content),
                }
    manifest = {
        "written_by": "scripts/vendor_graphiql.py (do not edit by hand)",
        "packages": packages,
        "files": dict(sorted(listed.items())),
    }
    return manifest, files


def manifest_text(manifest: dict[str, Any]) -> str:
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


def write(target: Path, manifest: dict[str, Any], files: dict[str, bytes]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.iterdir():
        if stale.is_file() and stale.name != MANIFEST and stale.name not in files:
            stale.unlink()
    for name, content in files.items():
        (target / name).write_bytes(content)
    (target / MANIFEST).write_text(manifest_text(manifest), encoding="utf-8")


def differences(target: Path, manifest: dict[str, Any], files: dict[str, bytes]) -> list[str]:
    found = []
    committed = target / MANIFEST
    if not committed.exists() or committed.read_text(encoding="utf-8") != manifest_text(manifest):
        found.append(f"{committed} differs")
    for name, content in files.items():
        path = target / name
        if not path.exists() or path.read_bytes() != content:
            found.append(f"{path} differs")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    manifest, files = build(PINS)
    if args.check:
        found = differences(args.target, manifest, files)
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    write(args.target, manifest, files)
    total = sum(len(content) for content in files.values())
    print(f"wrote {len(files)} files ({total:,} bytes) and {MANIFEST} to {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
