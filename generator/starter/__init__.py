"""Starter projects for ``handbook init``: the files, and the code that copies them."""
