"""The demo: two partnerships with their agencies and people (`partnerships`) and a few
cases at different steps (`cases`). Fictional, and the sign-in secrets are public."""
