"""Exercise checks: one module per chapter, and a shared core.

In a chapter::

    from convlib.course.checks import ch01 as checks
    checks.moving_average(kernel)
"""

from .core import ExerciseFailed, Verdict

__all__ = ["ExerciseFailed", "Verdict"]
