"""Translation: extraction to a template, the catalogs, their checks, and localising the model."""
