"""A package that adds a block type, ``quote``, as another company's package would."""
