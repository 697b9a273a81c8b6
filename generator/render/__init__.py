"""Render a localised handbook to Markdown files with Jinja, one tree per output and language."""
