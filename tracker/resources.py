"""Where the files that ship with the tracker are: in a checkout, or inside the wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_BUNDLED = _PACKAGE / "_data"  # filled by the wheel build (pyproject: force-include)


def checkout_root() -> Path | None:
    """The repository this package runs from, if it runs from a checkout (editable install)."""
    root = _PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "db" / "migrations").is_dir():
        return root
    return None


def _find(bundled: str, in_checkout: str) -> Path:
    root = checkout_root()
    if root is not None:
        return root / in_checkout
    return _BUNDLED / bundled


def migrations_dir() -> Path:
    return _find("migrations", "db/migrations")


def seed_path() -> Path:
    return _find("seed_recommendations.yaml", "seed_recommendations.yaml")
