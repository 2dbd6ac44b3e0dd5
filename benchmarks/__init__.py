"""Benchmarks: this project vs the LangChain tutorial pipeline, and at scale (see README)."""
