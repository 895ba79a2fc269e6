"""Piccolo's configuration: the engine chosen by DATABASE_URL and the one app."""

from piccolo.conf.apps import AppRegistry

from interpreters.db import create_engine

DB = create_engine()
APP_REGISTRY = AppRegistry(apps=["interpreters.piccolo_app"])
