import pytest


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _wagtail_roots_for_transactional_tests(request):
    """Every transactional test (browser journeys, concurrency) gets Wagtail's page tree, content types and
    permissions back after the previous one's flush, wherever it lives and in whatever order tests run."""
    marker = request.node.get_closest_marker("django_db")
    by_marker = marker is not None and bool(marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    if by_marker or {"transactional_db", "live_server"} & set(request.fixturenames):
        from tests.transactional import ensure_wagtail_roots

        request.getfixturevalue("_django_db_helper" if by_marker else "transactional_db")
        ensure_wagtail_roots()


@pytest.fixture
def chans(db):
    from tests.factories import channels

    return channels()


@pytest.fixture
def home(db):
    from cms.provisioning import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def store(db, chans):
    from tests.factories import make_store

    return make_store("Kopi An Nur", slug="kopi-an-nur")


@pytest.fixture
def other_store(db, chans):
    from tests.factories import make_store

    return make_store("Batik Al Hikam", slug="batik-al-hikam")
