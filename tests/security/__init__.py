"""Load, hostile input, secrets in logs and admin API hardening."""
