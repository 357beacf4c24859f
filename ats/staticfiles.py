"""A static files finder for the few files Tandem uses from npm packages.

The packages ship many variants (Pico alone: about 20 MB of colour and class-less themes); only
the files named in `TANDEM_VENDOR_FILES` are found, served and collected.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Error
from django.core.files.storage import FileSystemStorage


class VendorFileFinder(BaseFinder):
    """Finds each `TANDEM_VENDOR_FILES` entry: static path → file on disk."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.files = {path: Path(source) for path, source in settings.TANDEM_VENDOR_FILES.items()}

    def check(self, **kwargs):
        return [
            Error(f"{source} (static {path}) is missing: run `make install`.", id="tandem.E001")
            for path, source in self.files.items()
            if not source.is_file()
        ]

    def find(self, path, find_all=False, **kwargs):
        source = self.files.get(path)
        if source is None or not source.is_file():
            return [] if find_all else None
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns):
        for path, source in self.files.items():
            if not source.is_file():
                continue
            storage = FileSystemStorage(location=str(source.parent))
            storage.prefix = str(PurePosixPath(path).parent)
            yield source.name, storage
