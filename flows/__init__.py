"""Prefect flows of qdextract (installed as the `qdextract_flows` package)."""
