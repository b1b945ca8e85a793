import pytest


@pytest.fixture(autouse=True)
def _media_and_cache(settings, tmp_path):
    from django.core.cache import cache

    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def chans(db):
    from tests.factories import channels

    return channels()


@pytest.fixture
def home(db):
    from catalog.services.marketplace import ensure_home_page

    return ensure_home_page()


@pytest.fixture
def store(db, chans):
    from tests.factories import make_store

    return make_store("Kopi An Nur", slug="kopi-an-nur")


@pytest.fixture
def other_store(db, chans):
    from tests.factories import make_store

    return make_store("Batik Al Hikam", slug="batik-al-hikam")
