"""Curated content: reviewed YAML files in ``content/`` loaded into a SQL store."""
