"""What an operator sees of a running Cadence: log lines, Prometheus metrics, health probes."""
