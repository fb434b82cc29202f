"""Issue 18, a real display: the app on Xvfb (with openbox when installed) at scale 2, driven from the keyboard,
grabbed from the root window. Skipped where Xvfb is not installed."""

from __future__ import annotations

import shutil

import pytest

pytest.importorskip("PySide6")


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed (apt-get install xvfb)")
def test_the_app_on_a_real_x_server_at_scale_2(tmp_path):
    from PySide6.QtGui import QImage

    from studyapp.gui.real_display import run
    facts = run(tmp_path)
    assert facts["platform"] == "xcb" and facts["device_pixel_ratio"] == 2.0
    assert facts["revealed"]  # Enter studied the deck and Space showed the answer, as keys on a real display
    if facts["window_manager"]:
        frame, window = facts["frame"], facts["window"]
        assert frame[1] > window[1]  # a title bar: the window manager decorated the window
    assert len(facts["shots"]) == 3
    for path in facts["shots"]:
        image = QImage(path)
        assert image.width() >= 2 * facts["window"][0]  # physical pixels at scale 2
        rows = [image.height() * k // 16 for k in range(1, 16)]  # not blank: several colours across the window
        # (a few rows can all fall between the lines of a short card, or through an empty table; a blank grab has
        # one colour on every row)
        assert len({image.pixel(x, y) for y in rows for x in range(0, image.width(), 40)}) > 2
