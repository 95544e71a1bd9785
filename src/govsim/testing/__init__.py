"""Models with known answers for testing and benchmarking the experiment engine."""
