"""The widgets of the console\x27s screens."""
