"""The static files' storage in production: whitenoise's compressed, hashed files, with each
file's address looked up once per process.

``{% static %}`` asks the storage for a file's address on every use (base.html alone has six
per page): the hashed name from the manifest, then the address parsed, cleaned and joined
again, some 20 µs each. The manifest is read when the storage is created and does not change
while the process runs, so the address of a name does not either; it is kept in a dict. A new
storage (collectstatic, or a test changing STORAGES/STATIC_URL, which creates a new one)
starts with an empty dict, and post_process, which rewrites the manifest, empties it too."""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        key = (name, settings.DEBUG)  # DEBUG gives the unhashed address
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = super().url(name)
        return url

    def post_process(self, *args, **kwargs):
        self._urls.clear()
        yield from super().post_process(*args, **kwargs)
        self._urls.clear()
