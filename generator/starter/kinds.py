"""The starters ``handbook init`` offers, with when to choose each; no imports, so the CLI stays quick."""

from __future__ import annotations

__all__ = ["DEFAULT_STARTER", "STARTERS"]

# In the order ``handbook init --help`` lists them; each is a folder beside this module.
STARTERS = {
    "general": "an employee handbook of several policies: working hours, expenses, raising a concern",
    "code-of-conduct": "a community's code of conduct: standards, reporting, an enforcement ladder",
    "social-media": "a social-media policy: official accounts, and public community guidelines",
}
DEFAULT_STARTER = "general"
