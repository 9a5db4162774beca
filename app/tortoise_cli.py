"""Only for tortoise's own command line (`tortoise makemigrations`), which `[tool.tortoise]`
points at; it reads the environment on import, so nothing in the app imports this module."""

import os

from app.db import tortoise_config
from app.settings import Settings

TORTOISE_ORM = tortoise_config(os.environ.get("LOUDONG_DATABASE_URL", Settings().database_url))
