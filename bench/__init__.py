"""Benchmarks with their data generators: `make bench` (python -m bench) runs them all."""
