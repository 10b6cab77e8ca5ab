"""make serve refuses to start in production mode on any warning of Django's deploy check
(a weak DJANGO_SECRET_KEY, say), before it touches the database."""

import subprocess

from tests.test_production_settings import ROOT, production_env, run

DEPLOY_CHECK = "manage.py check --deploy --fail-level WARNING"


def deploy_check(env):
    return run(DEPLOY_CHECK.split(), env)


def test_the_deploy_check_fails_on_a_weak_secret_key(tmp_path):
    for weak in ("changeme", "django-insecure-" + "k" * 50, "a" * 60):
        result = deploy_check(production_env(tmp_path, DJANGO_SECRET_KEY=weak))
        assert result.returncode != 0, weak
        assert "security.W009" in result.stderr + result.stdout, weak


def test_the_deploy_check_passes_with_a_strong_secret_key(tmp_path):
    result = deploy_check(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_serve_runs_the_deploy_check_at_warning_level_first(tmp_path):
    dry_run = subprocess.run(
        ["make", "-n", "serve"],
        cwd=ROOT,
        env=production_env(tmp_path, DJANGO_SECRET_KEY="changeme"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry_run.returncode == 0, dry_run.stderr
    steps = [line for line in dry_run.stdout.splitlines() if "manage.py" in line or "gunicorn" in line]
    assert steps and steps[0].endswith(DEPLOY_CHECK), steps
    assert "gunicorn" in steps[-1]
