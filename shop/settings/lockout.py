"""Tiers of the sign-in lockout (read by ``shop/login_protection.py``, which explains them): (django-axes lockout
parameters, failures within the cool-off time that lock)."""

LOCKOUT_TIERS = [(["username", "ip_address"], 5), ("ip_address", 20), ("username", 20)]
