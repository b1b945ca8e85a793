"""The shop as it runs in production: gunicorn with ``shop.settings.production``, started as a subprocess on a free
port of 127.0.0.1, against the test database.

``LiveShop(env).start()`` waits until it answers; ``stop()`` ends its process group; ``restart(**overrides)``
starts it again with changed environment variables (another ``REDIS_URL``, ``DATABASE_URL`` through a proxy, …),
which fault tests use. ``production_env`` builds the environment a test run needs.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    """A ``postgres://`` URL for Django's (test) database settings."""
    user = settings_dict.get("USER") or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def production_env(*, database: str, workdir: Path, static_root: Path, extra: dict | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="shop.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback; TLS is the proxy's job in production
        DATABASE_URL=database,
        DB_CONN_MAX_AGE="0",  # no connection outlives a request: the test database can be flushed between tests
        OPOP_VAR_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(static_root),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore",
    )
    env.update(extra or {})
    return env


def collect_static(static_root: Path, env: dict[str, str]) -> None:
    """The manifest the production static storage needs (once per test session)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**env, "STATIC_ROOT": str(static_root)},
        check=True,
    )


class LiveShop:
    def __init__(self, env: dict[str, str], *, workers: int = 2, log: Path | None = None):
        self.env = dict(env)
        self.workers = workers
        self.log = log
        self.port = 0
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> LiveShop:
        self.port = free_port()
        self.env["WAGTAILADMIN_BASE_URL"] = self.url  # return links point at this server
        gunicorn = Path(sys.executable).with_name("gunicorn")
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - kept open with the process
        self.process = subprocess.Popen(
            [str(gunicorn), "shop.wsgi:application", "--workers", str(self.workers), "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "60", "--graceful-timeout", "5"],
            cwd=ROOT,
            env=self.env,
            stdout=output,
            stderr=output,
            start_new_session=True,  # its own process group: stop() ends the workers too
        )
        self._wait_until_ready(timeout)
        return self

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                requests.get(self.url + "/robots.txt", timeout=2)
                return
            except requests.RequestException:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer on {self.url} within {timeout}s; see {self.log}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=5)

    def restart(self, **overrides: str) -> LiveShop:
        """Stop, change environment variables (``None`` removes one), start again on a new port."""
        self.stop()
        for name, value in overrides.items():
            if value is None:
                self.env.pop(name, None)
            else:
                self.env[name] = value
        return self.start()

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=kwargs.pop("timeout", 30), allow_redirects=False, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return requests.post(self.url + path, timeout=kwargs.pop("timeout", 30), allow_redirects=False, **kwargs)
