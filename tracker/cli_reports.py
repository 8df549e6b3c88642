"""`tracker summary` and `tracker export` (being built: see issue 4)."""

from __future__ import annotations

import click
