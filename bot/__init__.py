"""NET assistant: settings, content store, custom NLU components and triage logic."""
