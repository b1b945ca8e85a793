"""The demo: DEBUG on, embedded defaults, payment simulators allowed."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "dev-only-not-secret-opop-demo"
OPOP_DEMO = True
