"""The REST API (FastAPI) over the library. ``create_app()`` builds it."""

from armsledger.api.app import create_app

__all__ = ["create_app"]
