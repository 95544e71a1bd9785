"""Figures redrawn many times a second: a fixed background and the few artists that move.

Drawing a whole figure costs most of its time in text (titles, ticks,
legends), which does not change while a run plays. A :class:`LiveFigure`
draws that background once, keeps its pixels, and for each frame puts back the
pixels and draws only the moving artists on top (Matplotlib's blitting),
then encodes the PNG quickly. It draws the background again when asked
(an axis limit changed).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["LiveFigure"]


class LiveFigure:
    """A figure whose background is drawn once and whose moving artists are drawn per frame.

    Args:
        figure: the figure, with its layout final (no layout engine runs after the
            first draw, so the background stays valid).
    """

    def __init__(self, figure: Figure):
        self.figure = figure
        self.canvas = FigureCanvasAgg(figure)
        self._background = None
        self._moving: list[Artist] = []

    def set_moving(self, artists: Iterable[Artist]) -> None:
        """The artists of the next frame; the previous frame's are removed from the figure."""
        for artist in self._moving:
            if artist not in artists:
                artist.remove()
        self._moving = list(artists)
        for artist in self._moving:
            artist.set_animated(True)

    def invalidate(self) -> None:
        """Draw the background again at the next frame (after a limit or label changed)."""
        self._background = None

    def render(self) -> np.ndarray:
        """Draw a frame and return its RGBA pixels."""
        if self._background is None:
            self.canvas.draw()
            self.figure.set_layout_engine("none")  # freeze the layout the background has
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        else:
            self.canvas.restore_region(self._background)
        for artist in self._moving:
            artist.axes.draw_artist(artist) if artist.axes else self.figure.draw_artist(artist)
        return np.asarray(self.canvas.buffer_rgba())

    def png(self) -> bytes:
        """A frame as PNG bytes (fast compression: it is shown once and replaced)."""
        buffer = io.BytesIO()
        Image.fromarray(self.render()).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def still_png(self, dpi: int = 200) -> bytes:
        """The whole figure drawn afresh as PNG bytes, at print resolution (for export)."""
        for artist in self._moving:
            artist.set_animated(False)
        buffer = io.BytesIO()
        try:
            self.figure.savefig(buffer, format="png", dpi=dpi)
        finally:
            for artist in self._moving:
                artist.set_animated(True)
            self.invalidate()
        return buffer.getvalue()
