"""The ``quote`` block: registered in ``example_blocks-1.0.dist-info/entry_points.txt``."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from generator.model.blocks import BlockBase
from generator.model.values import Text


class Quote(BlockBase):
    """A quotation, and who said it."""

    type: Literal["quote"]
    text: Text = Field(description="the words quoted")
    author: str = Field(description="who said it, as typed")
    role: Text | None = Field(default=None, description="what the author does")
