"""Running the service for real: request ids, structured request logs, metrics, Sentry."""
