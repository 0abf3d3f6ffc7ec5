import sys
from pathlib import Path

# Make tests/builders.py importable as a plain module.
sys.path.insert(0, str(Path(__file__).parent))


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Print the browser tests' figures (tests/test_browser.py), whether they passed or not."""
    figures = getattr(sys.modules.get("site_browser"), "FIGURES", None)
    if figures:
        write_line = terminalreporter.write_line  # type: ignore[attr-defined]
        write_line("browser figures (tests/test_browser.py):")
        for name, value in figures.items():
            write_line(f"  {name}: {value}")
