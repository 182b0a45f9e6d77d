# pytest only honours `pytest_plugins` in the top-level conftest, so this package imports the
# fixtures directly; the rest of the suite gets them from tests/conftest.py's `pytest_plugins`.
from tests.simulated_slack.fixtures import fake_slack, fake_slack_client, fake_slack_server

__all__ = ["fake_slack", "fake_slack_client", "fake_slack_server"]
