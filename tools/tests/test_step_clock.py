"""The schedules' step clock (kner.train.step_seconds): a pause is not training time."""
import time

from pytest import approx

from kner.train import PAUSE_FACTOR, advance, step_seconds


def test_steady_steps_count_in_full():
    state = {}
    assert sum(step_seconds(state, 0.6) for _ in range(100)) == approx(100 * 0.6)


def test_a_stopped_process_counts_as_a_few_typical_steps_not_the_pause():
    state = {}
    for _ in range(50):
        step_seconds(state, 0.6)
    # stopped for twelve minutes in the middle of a step
    counted = step_seconds(state, 0.6 + 720)
    assert counted == approx(PAUSE_FACTOR * 0.6)
    # and the steps after it count in full again
    assert abs(step_seconds(state, 0.6) - 0.6) < 1e-9


def test_slower_steps_still_count_when_the_machine_gets_busy():
    state = {}
    for _ in range(20):
        step_seconds(state, 0.5)
    # another job starts: steps take three times as long, and all of it counts
    assert sum(step_seconds(state, 1.5) for _ in range(20)) == approx(20 * 1.5)


def test_advance_keeps_the_typical_step_in_the_state_a_resume_reads():
    state = {"step": 0, "batch_in_epoch": 0, "elapsed": 0.0}
    advance(state, 0, time.time() - 0.25)
    assert state["step"] == 1 and state["batch_in_epoch"] == 1
    assert 0.25 <= state["elapsed"] < 1.0
    assert state["typical_step"] == state["elapsed"]
