from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services import ROOT, mock_twilio_server


@pytest.fixture(scope="session")
def mock_twilio_url() -> Iterator[str]:
    """A running mock-twilio, shared by the session (its npm cache lives in the repo)."""
    home = Path(ROOT / ".twilio-mock")
    home.mkdir(exist_ok=True)
    with mock_twilio_server(home) as url:
        yield url


@pytest.fixture
def engine(tmp_path):
    """A migrated SQLite file database (dispatch uses threads, so not in-memory)."""
    from coach import migrate
    from coach.db import make_engine

    url = f"sqlite:///{tmp_path / 'coach.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()
