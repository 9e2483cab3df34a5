"""The running code as an archive, for the AGPL's « Corresponding Source » (§ 13): what is
offered is exactly what serves the page, read from the installed package."""

import io
import tarfile
from functools import cache
from importlib import metadata
from pathlib import Path

import opuss

PACKAGE = Path(opuss.__file__).resolve().parent
# Beside the package in a source checkout (an editable install): how to build and run it.
PROJECT_FILES = ("LICENSE", "README.md", "pyproject.toml", "Makefile", "requirements", "docs")
SKIPPED = {"__pycache__", ".mypy_cache", ".pytest_cache"}


def version() -> str:
    try:
        return metadata.version("opuss")
    except metadata.PackageNotFoundError:
        return "inconnue"


def archive_name() -> str:
    return f"opuss-{version()}.tar.gz"


@cache
def source_archive() -> bytes:
    """A gzipped tar of the package and, when present, the project files beside it; built once
    per process."""
    buffer = io.BytesIO()
    root = f"opuss-{version()}"
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(PACKAGE, arcname=f"{root}/opuss", filter=_keep)
        for name in PROJECT_FILES:
            path = PACKAGE.parent / name
            if path.exists():
                tar.add(path, arcname=f"{root}/{name}", filter=_keep)
    return buffer.getvalue()


def _keep(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    parts = set(Path(info.name).parts)
    if parts & SKIPPED or info.name.endswith((".pyc", ".pyo")):
        return None
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info
