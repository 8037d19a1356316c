"""A high-contrast theme for a projector at the back of a room: black, white and a few loud colours."""

from __future__ import annotations

from textual.theme import Theme

PROJECTOR = Theme(
    name="overleg-projector",
    primary="#FFD400",
    secondary="#00E5FF",
    accent="#00E5FF",
    warning="#FFB000",
    error="#FF3B3B",
    success="#3BFF7A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    variables={
        "footer-key-foreground": "#FFD400",
        "block-cursor-background": "#FFD400",
        "block-cursor-foreground": "#000000",
        "input-selection-background": "#FFD400 40%",
    },
)

DEFAULT_THEME = "textual-dark"
