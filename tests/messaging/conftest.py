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
