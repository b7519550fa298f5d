"""``sitroom serve``: the situation room web app over the store (see docs/web.md)."""

from sitroom.web.app import create_app

__all__ = ["create_app"]
