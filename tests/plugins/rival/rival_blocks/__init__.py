"""A package that registers a block type the generator already has, ``text``: an error."""

from __future__ import annotations

from typing import Literal

from generator.model.blocks import BlockBase
from generator.model.values import Text


class Shout(BlockBase):
    """Free text, in capitals."""

    type: Literal["text"]
    body: Text
