import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_checks_database_and_cache(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_health_endpoints_refuse_post(client, db):
    assert client.post("/readyz").status_code == 405


def run_readyz(**env) -> str:
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/readyz'); print(r.status_code, r.content.decode())"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )
    return result.stdout.strip()


def test_readyz_answers_503_when_the_database_is_down():
    out = run_readyz(DATABASE_URL="postgres://postgres@127.0.0.1:1/nothing")
    assert out.startswith("503 ")
    assert '"database": "failed"' in out
    assert "Traceback" not in out


def test_readyz_answers_503_when_the_cache_is_down():
    out = run_readyz(CACHE_URL="redis://127.0.0.1:1/0")
    assert out.startswith("503 ")
    assert '"cache": "failed"' in out
