"""Running jalon: health check, error pages, logging, the shared cache, the CLI's start."""

import json
import os
import runpy
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

JALON = str(Path(sys.executable).parent / "jalon")
SECRET = "a-production-secret-key-of-sixty-characters-or-so-0123456789"


def environment(tmp_path, **extra) -> dict[str, str]:
    """A child process's environment: a database of its own under tmp_path."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        {
            "JALON_VAR_DIR": str(tmp_path / "var"),
            "JALON_DATABASE_URL": f"sqlite:///{tmp_path / 'jalon.sqlite3'}",
        }
    )
    env.update(extra)
    return env


def database_url() -> str:
    """The URL of the database this test runs on (the test database)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}@{settings['HOST'] or 'localhost'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


# -- /healthz ------------------------------------------------------------------------


def test_health_check_answers_without_sign_in_and_says_nothing_else(db):
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_health_check_fails_when_a_migration_is_not_applied(db):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'reporting'")
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "reason": "migrations"}


def test_health_check_is_503_without_a_trace_when_the_database_is_unreachable(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(r.status_code, r.content.decode())\n"
    )
    env = environment(
        tmp_path,
        DJANGO_SETTINGS_MODULE="jalon.settings",
        JALON_ALLOWED_HOSTS="testserver",
        JALON_DATABASE_URL="postgres://postgres@127.0.0.1:1/nowhere",
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == '503 {"status": "unavailable", "reason": "database"}'
    assert "Traceback" not in result.stdout


# -- error pages -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"), [("fr", "Page introuvable"), ("en", "Page not found")]
)
def test_unknown_page_is_a_404_in_the_visitors_language(db, language, heading):
    response = Client(headers={"accept-language": language}).get("/no/such/page/")
    assert response.status_code == 404
    assert heading in response.content.decode()


@pytest.mark.urls("tests.failing_urls")
@pytest.mark.parametrize(
    ("language", "text"), [("fr", "Un problème est survenu"), ("en", "Something went wrong")]
)
def test_server_error_is_a_page_in_both_languages_and_logged_with_its_traceback(
    db, capfd, language, text
):
    client = Client(headers={"accept-language": language}, raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert text in response.content.decode()
    logged = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    error = next(line for line in logged if line["logger"] == "django.request")
    assert error["level"] == "error" and error["path"] == "/boom/"
    assert "RuntimeError: the failing view failed" in error["exception"]


@pytest.mark.urls("tests.failing_urls")
def test_an_api_server_error_is_the_documented_json_body(db):
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


# -- logging ---------------------------------------------------------------------------


def test_failed_sign_in_is_an_event_in_the_log(db, capfd):
    Client().post("/login/", {"username": "mallory", "password": "guess"})
    logged = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    event = next(line for line in logged if line.get("event") == "sign-in-failed")
    assert event["username"] == "mallory" and event["level"] == "warning"


def test_unfreezing_is_logged_with_its_reason(people, capfd):
    from jalon.reporting.models import Session

    Session.objects.get(code="CTP-243-244").unfreeze(people["root"], "a status was wrong")
    logged = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    unfreeze = next(line for line in logged if line.get("event") == "unfreeze")
    assert unfreeze["reason"] == "a status was wrong" and unfreeze["user"] == "root"


def test_freezing_is_logged_once_committed(people, capfd, django_capture_on_commit_callbacks):
    from jalon.reporting.models import Session
    from jalon.reporting.services import freeze_session

    with django_capture_on_commit_callbacks(execute=True):
        freeze_session(Session.objects.get(code="CTP-245-246"), people["alice"])
    logged = [
        json.loads(line) for line in capfd.readouterr().err.splitlines() if line.startswith("{")
    ]
    freeze = next(line for line in logged if line.get("event") == "freeze")
    assert freeze["session"] == "CTP-245-246" and freeze["user"] == "alice"


# -- Content-Security-Policy -----------------------------------------------------------


def test_every_page_carries_a_content_security_policy(people):
    client = Client()
    client.force_login(people["alice"])
    response = client.get("/?session=CTP-243-244")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page = response.content.decode()
    assert "<svg" not in page  # charts are images: their styles stay inside them
    assert " style=" not in page and "<style" not in page and "<script>" not in page


# -- the shared cache ------------------------------------------------------------------


def test_the_default_cache_is_shared_by_every_process(transactional_db, tmp_path):
    cache = caches["default"]
    assert type(cache).__name__ == "DatabaseCache"
    cache.set("shared-by-workers", "yes", 60)
    script = "from django.core.cache import cache; print(cache.get('shared-by-workers'))"
    env = environment(tmp_path, JALON_DATABASE_URL=database_url())
    result = subprocess.run(
        [JALON, "shell", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "yes", result.stderr


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_redis_is_the_cache_when_the_url_says_so(tmp_path):
    script = (
        "from django.core.cache import caches\n"
        "cache = caches['default']\n"
        "cache.set('jalon-test', 42, 10)\n"
        "print(type(cache).__name__, cache.get('jalon-test'))\n"
        "cache.delete('jalon-test')\n"
    )
    env = environment(tmp_path, JALON_CACHE_URL="redis://127.0.0.1:6379/15")
    result = subprocess.run(
        [JALON, "shell", "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "RedisCache 42", result.stderr


def test_an_unknown_cache_url_stops_the_command_naming_the_variable(tmp_path):
    env = environment(tmp_path, JALON_CACHE_URL="memcached://x")
    result = subprocess.run(
        [JALON, "session", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "JALON_CACHE_URL" in result.stderr and "Traceback" not in result.stderr


# -- production server -----------------------------------------------------------------


def test_production_server_refuses_to_start_without_a_secret_key(tmp_path):
    env = environment(tmp_path)
    env.pop("JALON_SECRET_KEY", None)
    result = subprocess.run(
        [JALON, "serve", "--production"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip() == ("jalon: JALON_SECRET_KEY must be set when JALON_DEBUG is off.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_production_server_serves_checks_health_and_logs_a_500_with_its_traceback(tmp_path):
    import sqlite3

    port = free_port()
    env = environment(
        tmp_path,
        JALON_SECRET_KEY=SECRET,
        JALON_SSL_REDIRECT="0",
        JALON_WORKERS="2",
        JALON_THREADS="1",
    )
    subprocess.run([JALON, "migrate", "--no-input"], env=env, check=True, capture_output=True)
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [JALON, "serve", "--production", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                status, body = get(f"{base}/healthz")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        else:
            pytest.fail("the production server did not answer")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        # Static files are served by WhiteNoise, DEBUG is off (no debug page for a 404).
        assert get(f"{base}/static/web/jalon.css")[0] == 200
        status, body = get(f"{base}/no/such/page/", **{"Accept-Language": "fr"})
        assert status == 404 and b"Page introuvable" in body and b"Traceback" not in body
        # Break the database under the server: a token lookup fails, the answer is a 500.
        with sqlite3.connect(tmp_path / "jalon.sqlite3") as database:
            database.execute("DROP TABLE authtoken_token")
        status, body = get(f"{base}/api/v1/programmes/", Authorization="Token 0123456789abcdef")
        assert status == 500 and json.loads(body)["code"] == "server_error"
    finally:
        server.terminate()
        server.wait(timeout=30)
    log.seek(0)
    lines = [json.loads(line) for line in log if line.startswith("{")]
    error = next(line for line in lines if line["logger"] == "django.request")
    assert "no such table: authtoken_token" in error["exception"]
    assert error["path"] == "/api/v1/programmes/"
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert {(line["path"], line["status"]) for line in access} >= {
        ("/healthz", "200"),
        ("/api/v1/programmes/", "500"),
    }


# -- the command line starts at once ---------------------------------------------------


def test_data_commands_skip_djangos_system_checks_but_check_deploy_runs_them(tmp_path):
    env = environment(tmp_path)
    listed = subprocess.run(
        [JALON, "session", "list"], env=env, capture_output=True, text=True, timeout=120
    )
    assert listed.returncode == 0, listed.stderr
    deploy = subprocess.run(
        [JALON, "check", "--deploy"], env=env, capture_output=True, text=True, timeout=120
    )
    assert "security.W" in deploy.stdout + deploy.stderr  # DEBUG is on here: warnings


def test_data_commands_do_not_import_the_web_stack(tmp_path):
    """`jalon session list` loads neither matplotlib nor the charts (seconds of start-up)."""
    script = (
        "import sys, runpy\n"
        "sys.argv = ['jalon', 'session', 'list']\n"
        "from jalon.cli import main\n"
        "main()\n"
        "print('matplotlib' in sys.modules, 'weasyprint' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False False", result.stderr


def test_the_wsgi_module_loads_every_view_before_the_workers_fork_and_no_connection(tmp_path):
    """gunicorn preloads jalon.wsgi in its master: the URL configuration and what it
    imports (views, document writers, matplotlib) come with it, so a new or recycled
    worker's first request does not pay for them; no database connection is open to be
    inherited by the workers."""
    script = (
        "import sys\n"
        "import jalon.wsgi\n"
        "from django.db import connections\n"
        "from django.urls import get_resolver\n"
        "print(all(c.connection is None for c in connections.all()),\n"
        "      'jalon.web.views' in sys.modules, 'jalon.api.views' in sys.modules,\n"
        "      'matplotlib' in sys.modules, bool(get_resolver()._populated))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], env=environment(tmp_path),
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "True True True True True", result.stderr


@pytest.mark.parametrize(("value", "expected"), [(None, (2000, 200)), ("0", (0, 0))])
def test_gunicorn_recycles_workers_unless_told_not_to(monkeypatch, value, expected):
    from gunicorn.config import Config

    if value is None:
        monkeypatch.delenv("JALON_MAX_REQUESTS", raising=False)
    else:
        monkeypatch.setenv("JALON_MAX_REQUESTS", value)
    config = Config()
    path = Path(__file__).resolve().parent.parent / "jalon/operations/gunicorn.conf.py"
    namespace = runpy.run_path(str(path))
    for name in ("max_requests", "max_requests_jitter"):
        config.set(name, namespace[name])
    assert (config.max_requests, config.max_requests_jitter) == expected
