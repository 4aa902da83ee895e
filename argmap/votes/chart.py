"""Where the results chart draws each measure: argument strength (x, 0–100%) against the class's mean vote (y, 1–5).

Pure geometry, no Django: templates/votes/results.html turns it into SVG elements (escaped like any template), and
the tests check the coordinates without a database.
"""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 440
# Room around the plot for the axes' numbers and names.
LEFT, RIGHT, TOP, BOTTOM = 72, 40, 24, 72
SCORE_MIN, SCORE_MAX = 1, 5
# Labels closer than this (in SVG units) to one already placed move down a line, so numbers stay readable.
LABEL_GAP = 17


@dataclass(frozen=True)
class Point:
    number: int
    strength: float
    mean: float
    x: float
    y: float
    label_x: float
    label_y: float

    @property
    def label_moved(self) -> bool:
        """Whether the label stepped away from its point (a neighbour's was there): a thin line then joins them."""
        return self.label_y != round(self.y + 4, 1)

    @property
    def leader_end(self) -> tuple[float, float]:
        """Where that line meets the label: just left of its number, half a line up from the baseline."""
        return (round(self.label_x - 2, 1), round(self.label_y - 5, 1))


@dataclass(frozen=True)
class Tick:
    at: float
    text: str


@dataclass(frozen=True)
class Chart:
    points: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    @property
    def x_label_y(self) -> int:
        return self.height - 20

    @property
    def y_label_x(self) -> int:
        return 20

    @property
    def middle_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def middle_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def agreement(self) -> tuple[float, float, float, float]:
        """The line where the vote matches the strength (0% ↔ 1, 100% ↔ 5): above it the class rates a measure
        higher than its arguments do, below it lower.
        """
        return (x_for(0.0), y_for(SCORE_MIN), x_for(1.0), y_for(SCORE_MAX))


def x_for(strength: float) -> float:
    """Strength 0 at the plot's left edge, 1 at its right edge."""
    return round(LEFT + max(0.0, min(1.0, strength)) * (WIDTH - RIGHT - LEFT), 1)


def y_for(mean: float) -> float:
    """A mean vote of 1 at the plot's bottom edge, 5 at its top (SVG's y grows downwards)."""
    share = (max(SCORE_MIN, min(SCORE_MAX, mean)) - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)
    return round(HEIGHT - BOTTOM - share * (HEIGHT - BOTTOM - TOP), 1)


def scatter(measures: list[tuple[int, float, float]]) -> Chart:
    """The chart of (number, strength 0–1, mean vote 1–5) per measure; each point labelled with its number."""
    points: list[Point] = []
    placed: list[tuple[float, float]] = []
    for number, strength, mean in sorted(measures, key=lambda m: (-m[2], m[1], m[0])):
        x, y = x_for(strength), y_for(mean)
        label_x, label_y = x + 9, round(y + 4, 1)
        # Points that sit together would print their numbers over each other: step each later label down.
        while any(abs(label_x - px) < 3 * LABEL_GAP and abs(label_y - py) < LABEL_GAP for px, py in placed):
            label_y = round(label_y + LABEL_GAP, 1)
        placed.append((label_x, label_y))
        points.append(Point(number, strength, mean, x, y, label_x, label_y))
    points.sort(key=lambda point: point.number)
    return Chart(
        points=points,
        x_ticks=[Tick(x_for(percent / 100), f"{percent}%") for percent in range(0, 101, 25)],
        y_ticks=[Tick(y_for(score), str(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)],
    )
