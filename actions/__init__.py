"""Custom actions for the NET assistant (rasa-sdk). Thin: read the tracker, call ``bot``."""
