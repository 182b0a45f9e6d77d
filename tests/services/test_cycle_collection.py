"""The cycle collector pauses for a large report and comes back as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.services.cycle_collection import paused


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    gc.enable()
    yield
    gc.enable()


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_it_comes_back_even_when_the_report_fails() -> None:
    with pytest.raises(LookupError), paused():
        raise LookupError("no such digest run")
    assert gc.isenabled()


def test_only_the_outermost_pause_resumes_it() -> None:
    with paused():
        with paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off() -> None:
    gc.disable()
    with paused():
        pass
    assert not gc.isenabled()
