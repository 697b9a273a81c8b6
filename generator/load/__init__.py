"""Load a project: YAML files read with their positions, validated against the model, cross-checked."""
